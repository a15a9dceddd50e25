//! Every string a person reads, in Swedish (the default) and English, behind one `Msg` table.
//! The language follows a remembered choice, else the browser's Accept-Language.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Sv,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "sv" => Some(Lang::Sv),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language of guidance articles to show in this interface language.
    pub fn content(self) -> domain::guidance::Language {
        match self {
            Lang::Sv => domain::guidance::Language::Sv,
            Lang::En => domain::guidance::Language::En,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::Sv,
        }
    }

    /// The best of our languages for an Accept-Language header, by the header's q-values.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in accept_language.split(',') {
            let mut fields = part.split(';');
            let tag = fields
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let q = fields
                .find_map(|f| {
                    f.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or_default();
            let lang = match primary {
                "sv" => Lang::Sv,
                "en" => Lang::En,
                _ => continue,
            };
            if q > 0.0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }

    pub fn t(self, msg: Msg) -> &'static str {
        msg.text(self)
    }

    /// A message with `{}` placeholders filled in order.
    pub fn tf(self, msg: Msg, args: &[&dyn std::fmt::Display]) -> String {
        let mut out = String::new();
        let mut args = args.iter();
        let mut parts = msg.text(self).split("{}").peekable();
        while let Some(part) = parts.next() {
            out.push_str(part);
            if parts.peek().is_some() {
                if let Some(a) = args.next() {
                    out.push_str(&a.to_string());
                }
            }
        }
        out
    }
}

/// One message in both languages. Messages are constants rather than enum variants behind one
/// `match`, so the browser bundle links only the strings its islands use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Msg {
    sv: &'static str,
    en: &'static str,
}

impl Msg {
    pub fn text(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Sv => self.sv,
            Lang::En => self.en,
        }
    }
}

macro_rules! messages {
    ($($key:ident => $sv:expr, $en:expr;)*) => {
        #[allow(non_upper_case_globals)]
        impl Msg {
            $(pub const $key: Msg = Msg { sv: $sv, en: $en };)*
        }
    };
}

messages! {
    AppName => "Orka", "Orka";
    AppTagline => "Ditt stöd för att må bra på jobbet", "Your support for wellbeing at work";
    SkipToContent => "Hoppa till innehållet", "Skip to content";
    MainNav => "Huvudmeny", "Main menu";
    NavHome => "Start", "Home";
    NavCheckIn => "Incheckning", "Check-in";
    NavTrend => "Min utveckling", "My trend";
    TabCheckIn => "Checka in", "Check in";
    TabTrend => "Utveckling", "Trend";
    TabTeam => "Team", "Team";
    TabMore => "Mer", "More";
    MoreTitle => "Allt i Orka", "All of Orka";
    NavEditor => "Synpunkter på stödmaterialet", "Feedback on the guidance";
    NavAdmin => "Arbetsgivarens inställningar", "The employer's settings";
    NavOutcomes => "Sjukfrånvaro och utfall", "Sick leave and outcomes";
    SignOut => "Logga ut", "Sign out";
    SwitchLanguage => "In English", "På svenska";

    SignInTitle => "Logga in", "Sign in";
    SignInDemoIntro => "Det här är en demo med påhittade personer. Välj vem du vill logga in som.", "This is a demo with made-up people. Choose who to sign in as.";
    SignInDemoWarning => "Demoläge: ingen riktig inloggning.", "Demo mode: no real sign-in.";
    SignInNotConfigured => "Inloggning via din arbetsgivare är inte inställd ännu. Kontakta din arbetsgivares IT-stöd.", "Sign-in with your employer is not set up yet. Contact your employer's IT support.";
    SignInPickEmployer => "Välj din arbetsgivare. Du loggar in med samma konto som på jobbet.", "Choose your employer. You sign in with the same account as at work.";
    SignInWithEmployer => "Logga in hos {}", "Sign in with {}";
    SignedOutNotice => "Du är utloggad.", "You are signed out.";
    SignedOutTitle => "Utloggad", "Signed out";
    SignedOutAtProvider => "Du är utloggad från Orka. Nu loggar vi ut dig hos din arbetsgivare också.", "You are signed out of Orka. Now we sign you out at your employer too.";
    SignedOutContinue => "Fortsätt", "Continue";
    SignInErrUnknownEmployer => "Den arbetsgivaren finns inte här. Välj din arbetsgivare i listan.", "That employer is not here. Choose your employer from the list.";
    SignInErrProviderUnavailable => "Din arbetsgivares inloggning svarar inte just nu. Försök igen om en stund.", "Your employer's sign-in is not answering right now. Try again in a while.";
    SignInErrNotStarted => "Inloggningen kunde inte slutföras: den har redan använts eller startades i en annan webbläsare. Börja om.", "Sign-in could not be completed: it was used already or started in another browser. Please start again.";
    SignInErrExpired => "Inloggningen tog för lång tid. Börja om.", "Sign-in took too long. Please start again.";
    SignInErrMismatch => "Inloggningen kunde inte slutföras: svaret hörde inte till den här inloggningen. Börja om.", "Sign-in could not be completed: the answer did not belong to this sign-in. Please start again.";
    SignInErrCancelled => "Inloggningen avbröts.", "Sign-in was cancelled.";
    SignInErrRefused => "Inloggningen godtogs inte. Försök igen, och kontakta IT-stöd om det händer igen.", "Sign-in was not accepted. Try again, and contact IT support if it happens again.";
    SignInErrLeft => "Ditt konto är avslutat här. Kontakta HR om det är fel.", "Your account here has been closed. Contact HR if this is wrong.";
    SignInErrInternal => "Något gick fel hos oss. Försök igen om en stund.", "Something went wrong on our side. Try again in a while.";
    PersonaEmployee => "Anna Lind – undersköterska i hemtjänsten", "Anna Lind – assistant nurse in home care";
    PersonaManager => "Maria Berg – chef för Hemtjänst Norr", "Maria Berg – manager of Home Care North";
    PersonaCoordinator => "Karin Holm – rehabkoordinator på HR", "Karin Holm – rehabilitation coordinator in HR";
    PersonaSickListed => "Erik Nilsson – lärare, sjukskriven", "Erik Nilsson – teacher, on sick leave";
    PersonaAdmin => "Olle Ström – administratör för Demokommun", "Olle Ström – administrator of Demokommun";
    SignInAs => "Logga in", "Sign in";

    HomeGreeting => "Hej {}!", "Hello {}!";
    HomeIntro => "En minut i veckan: hur mår du, och hur går det på jobbet? Dina svar är dina – ingen annan ser dem.", "One minute a week: how are you, and how is work going? Your answers are yours – nobody else sees them.";
    HomeNotYet => "Du har inte gjort veckans incheckning (vecka {}) ännu.", "You have not done this week's check-in (week {}) yet.";
    HomeDone => "Tack! Du har checkat in vecka {}.", "Thank you! You have checked in for week {}.";
    StartCheckIn => "Gör veckans incheckning", "Do this week's check-in";
    SeeResult => "Se vad dina svar betyder", "See what your answers mean";
    SeeTrend => "Se din utveckling", "See your trend";

    CheckInTitle => "Veckoincheckning", "Weekly check-in";
    CheckInWeek => "Vecka {}", "Week {}";
    CheckInPrivacy => "Bara du ser dina svar. Orka delar ingenting utan att du själv väljer det.", "Only you see your answers. Orka shares nothing unless you choose to.";
    StressQuestion => "Med stress menas ett tillstånd då man känner sig spänd, rastlös, nervös eller orolig eller inte kan sova på natten därför att man hela tiden tänker på problem. Känner du den sortens stress nuförtiden?", "Stress means a situation in which a person feels tense, restless, nervous or anxious or is unable to sleep at night because their mind is troubled all the time. Do you feel this kind of stress these days?";
    Stress1 => "Inte alls", "Not at all";
    Stress2 => "Bara lite", "Only a little";
    Stress3 => "I viss utsträckning", "To some extent";
    Stress4 => "Ganska mycket", "Rather much";
    Stress5 => "Väldigt mycket", "Very much";
    WorkAbilityQuestion => "Antag att din arbetsförmåga när den är som bäst värderas med 10 poäng. Hur många poäng skulle du ge din nuvarande arbetsförmåga?", "Assume that your work ability at its best has a value of 10 points. How many points would you give your current work ability?";
    WorkAbilityLow => "0 = kan inte arbeta alls", "0 = cannot work at all";
    WorkAbilityHigh => "10 = som bäst", "10 = at its best";
    Who5Intro => "Hur har du känt dig under de senaste två veckorna? Välj för varje påstående det svar som stämmer bäst.", "Over the last two weeks, how have you been feeling? For each statement, choose the answer closest to it.";
    Who5Item1 => "Jag har känt mig glad och på gott humör", "I have felt cheerful and in good spirits";
    Who5Item2 => "Jag har känt mig lugn och avslappnad", "I have felt calm and relaxed";
    Who5Item3 => "Jag har känt mig aktiv och kraftfull", "I have felt active and vigorous";
    Who5Item4 => "Jag har vaknat upp och känt mig frisk och utvilad", "I woke up feeling fresh and rested";
    Who5Item5 => "Min vardag har varit fylld av saker som intresserar mig", "My daily life has been filled with things that interest me";
    Who5Scale0 => "Vid inget tillfälle", "At no time";
    Who5Scale1 => "Då och då", "Some of the time";
    Who5Scale2 => "Lite mindre än hälften av tiden", "Less than half of the time";
    Who5Scale3 => "Lite mer än hälften av tiden", "More than half of the time";
    Who5Scale4 => "Större delen av tiden", "Most of the time";
    Who5Scale5 => "Hela tiden", "All of the time";
    WantsToTalk => "Jag skulle vilja prata med någon om hur jag mår", "I would like to talk to someone about how I feel";
    NoteLabel => "Egen anteckning (valfri – bara du ser den)", "Your own note (optional – only you see it)";
    Submit => "Skicka", "Send";
    Sending => "Skickar …", "Sending …";
    Sources => "Frågorna kommer från SISQ (Elo m.fl. 2003), Work Ability Score ur Work Ability Index (Tuomi m.fl. 1998) och WHO-5 (WHO 1998), som är fria att använda.", "The questions come from the SISQ (Elo et al. 2003), the Work Ability Score of the Work Ability Index (Tuomi et al. 1998) and the WHO-5 (WHO 1998), all free to use.";

    ErrorSummary => "Några svar saknas eller behöver ändras. Se de markerade frågorna.", "Some answers are missing or need changing. See the marked questions.";
    ErrMissing => "Välj ett svar.", "Choose an answer.";
    ErrNotANumber => "Ange ett heltal.", "Enter a whole number.";
    ErrOutOfRange => "Välj ett värde från {} till {}.", "Choose a value from {} to {}.";
    ErrTooLong => "Högst {} tecken.", "At most {} characters.";
    ErrWeekClosed => "Den veckan går inte längre att ändra. Veckans incheckning gäller vecka {}.", "That week can no longer be changed. This week's check-in is for week {}.";
    ErrSignedOut => "Du är inte inloggad längre. Logga in igen – dina svar är inte sparade.", "You are no longer signed in. Sign in again – your answers were not saved.";
    ErrTooManyRequests => "För många försök på kort tid", "Too many attempts in a short time";
    ErrTryAgainIn => "Vänta {} sekunder och försök sedan igen. Det du redan har sparat finns kvar.", "Wait {} seconds, then try again. What you have already saved is kept.";
    ErrInternal => "Något gick fel hos oss och dina svar är inte sparade. Försök igen om en stund.", "Something went wrong on our side and your answers were not saved. Please try again in a moment.";
    AdminTitle => "Inloggning för {}", "Sign-in for {}";
    AdminNotAllowed => "Den här sidan är för arbetsgivarens administratörer.", "This page is for the employer's administrators.";
    AdminIntro => "Här ställer du in hur medarbetarna loggar in med arbetsgivarens konto (OpenID Connect).", "Here you set how staff sign in with the employer's account (OpenID Connect).";
    AdminRedirectUri => "Registrera den här adressen som omdirigerings-URI hos identitetsleverantören:", "Register this address as the redirect URI with the identity provider:";
    AdminName => "Arbetsgivarens namn", "Employer name";
    AdminIssuer => "Utfärdare (issuer-URL)", "Issuer URL";
    AdminChangesTitle => "Senaste ändringar", "Recent changes";
    AdminChangeLine => "{}: {} ändrade {}.", "{}: {} changed {}.";
    AdminChangedByOperator => "driften", "whoever runs Orka";
    AdminIssuerHint => "Sätts av den som driftar Orka och kan inte ändras här: be driften om en ändring. Så kan ingen administratör leda inloggningen till en leverantör hen själv styr.", "Set by whoever runs Orka and cannot be changed here: ask them for a change. That way no admin can point sign-in at a provider they control.";
    AdminClientId => "Klient-id", "Client ID";
    AdminClientSecret => "Klienthemlighet", "Client secret";
    AdminSecretSet => "En hemlighet är sparad och visas aldrig. Lämna fältet tomt för att behålla den.", "A secret is stored and is never shown. Leave the field empty to keep it.";
    AdminSecretMissing => "Ingen hemlighet är sparad ännu.", "No secret is stored yet.";
    AdminScopes => "Scopes", "Scopes";
    AdminGroupsClaim => "Claim med grupper", "Groups claim";
    AdminRoleMap => "Grupper till roller", "Groups to roles";
    AdminRoleMapHint => "grupp=roll, åtskilda med komma. Roller: coordinator (rehabkoordinator), admin, editor.", "group=role, separated by commas. Roles: coordinator (rehab coordinator), admin, editor.";
    AdminApiAudience => "API-målgrupp för mobilappen (aud)", "API audience for the mobile app (aud)";
    AdminSave => "Spara", "Save";
    AdminSaved => "Inställningarna är sparade.", "The settings are saved.";
    AdminServicesTitle => "Dit medarbetarna kan vända sig", "Where your people can turn";
    AdminServicesIntro => "Företagshälsovården får ett e-postmeddelande när någon vill bli kontaktad av den (ingenting om personens hälsa, bara en länk till vem). Personalstödet visas i vägledningen. Lämna namnet tomt för att ta bort. Byter ni namn på företagshälsovården måste den som valt den välja den igen.", "Occupational health gets an e-mail when someone would like to be contacted by it (nothing about the person's health, only a link to who). The staff support line is shown in the guidance. Leave the name empty to remove one. If you rename occupational health, whoever chose it must choose it again.";
    AdminServiceOccupationalHealth => "Företagshälsovård", "Occupational health";
    AdminServiceStaffSupport => "Personalstöd (stödlinje för medarbetare)", "Staff support line";
    AdminServiceName => "Namn", "Name";
    AdminServicePhone => "Telefon", "Phone";
    AdminServiceEmail => "E-post (dit meddelanden om samtal går)", "E-mail (where requests to talk go)";
    AdminServiceUrl => "Webbadress (https)", "Web address (https)";
    AdminServiceNote => "När och hur (visas för medarbetarna)", "When and how (shown to your people)";
    AdminServicesSave => "Spara kontakterna", "Save the contacts";
    AdminServicesSaved => "Kontakterna är sparade.", "The contacts are saved.";
    ErrContactKind => "Välj en av arbetsgivarens egna sorter: occupational-health, staff-support, hr, union eller manager.", "Choose one of the employer's own kinds: occupational-health, staff-support, hr, union or manager.";
    ErrContactName => "Skriv ett namn, högst 120 tecken.", "Write a name of at most 120 characters.";
    ErrContactPhone => "Bara siffror, mellanslag och + - ( ).", "Digits, spaces and + - ( ) only.";
    ErrContactEmail => "Skriv en e-postadress, till exempel fhv@kommun.se.", "Write an e-mail address, such as fhv@kommun.se.";
    ErrContactUrl => "Skriv en adress som börjar med https://.", "Write an address that starts with https://.";
    ErrContactNote => "Högst 300 tecken.", "At most 300 characters.";
    AdminPushTitle => "Aviseringar", "Notifications";
    AdminPushIntro => "Hur påminnelserna till era medarbetare har gått. Ingen avisering innehåller något om hur någon mår.", "How reminders to your staff have fared. No notification contains anything about how anyone is.";
    AdminPushDevices => "Enheter med aviseringar", "Devices with notifications";
    AdminPushPending => "Väntar på att skickas", "Waiting to be sent";
    AdminPushSent => "Skickade", "Sent";
    AdminPushRetried => "Behövde fler försök", "Needed more attempts";
    AdminPushFailed => "Misslyckades", "Failed";
    AdminPushPruned => "Enheten fanns inte längre (borttagen)", "Device gone (removed)";
    AdminPushDropped => "Avvisade av pushtjänsten", "Refused by the push service";
    NavGuidance => "Stöd", "Guidance";
    GuidanceTitle => "Stöd och råd", "Guidance";
    GuidanceIntro => "Korta, praktiska texter om stress, sömn, arbetsbelastning, sjukskrivning och vägen tillbaka – och vem du kan kontakta.", "Short, practical texts on stress, sleep, workload, sick leave and the way back – and who you can contact.";
    GuidanceSearchLabel => "Sök", "Search";
    GuidanceSearchButton => "Sök", "Search";
    GuidanceTopicLabel => "Ämne", "Topic";
    GuidanceAllTopics => "Alla ämnen", "All topics";
    GuidanceAudienceLabel => "Skrivet för", "Written for";
    GuidanceAudienceAll => "Alla", "Everyone";
    GuidanceAudienceEmployee => "Medarbetare", "Employees";
    GuidanceAudienceManager => "Chefer", "Managers";
    GuidanceNoResults => "Inget hittades. Prova ett annat ord, eller välj ett ämne.", "Nothing found. Try another word, or pick a topic.";
    GuidanceResults => "{} träffar", "{} results";
    GuidanceForManagers => "För chefer", "For managers";
    GuidanceOffline => "Sparad för läsning utan uppkoppling", "Saved for reading offline";
    GuidanceCrisisLink => "Mår du mycket dåligt? Ring nu", "Feeling very bad? Call now";
    GuidanceContactsTitle => "Vem kan du kontakta?", "Who can you contact?";
    GuidanceRelated => "Läs också", "Read also";
    GuidanceReviewed => "Granskad {}", "Reviewed {}";
    GuidanceHelpfulQuestion => "Var det här till hjälp?", "Was this helpful?";
    GuidanceHelpfulYes => "Ja", "Yes";
    GuidanceHelpfulNo => "Nej", "No";
    GuidanceCommentLabel => "Vill du säga något mer? (valfritt, anonymt)", "Anything to add? (optional, anonymous)";
    GuidanceThanks => "Tack! Ditt svar sparas utan koppling till dig.", "Thank you! Your answer is kept without any link to you.";
    GuidanceSignInToAnswer => "Logga in för att svara på om texten hjälpte.", "Sign in to say whether this text helped.";
    GuidanceNotFound => "Den texten finns inte, eller har tagits bort.", "That text does not exist, or has been removed.";
    GuidanceBack => "Alla texter", "All texts";
    GuidanceOnlyIn => "Den här texten finns bara på svenska.", "This text is only available in English.";
    GuidanceRecommended => "Läs mer", "Read more";
    ContactManagerGeneral => "Din chef – arbetsbelastning, prioriteringar, anpassningar och sjukanmälan.", "Your manager – workload, priorities, adjustments and reporting sick.";
    ContactOccupationalHealthGeneral => "Företagshälsovården – fråga din chef eller HR hur du når den på din arbetsplats.", "Occupational health – ask your manager or HR how to reach it at your workplace.";
    ContactHrGeneral => "HR – regler, rehabilitering, ledighet och lön.", "HR – rules, rehabilitation, leave and pay.";
    ContactUnionGeneral => "Ditt fackliga ombud eller skyddsombud – stöd i möten och arbetsmiljöfrågor.", "Your union or safety representative – support in meetings and work environment issues.";
    TopicStress => "Stress", "Stress";
    TopicRecovery => "Återhämtning", "Recovery";
    TopicSleep => "Sömn", "Sleep";
    TopicWorkload => "Arbetsbelastning", "Workload";
    TopicTalkingToYourManager => "Prata med chefen", "Talking to your manager";
    TopicEarlySigns => "Tidiga tecken", "Early signs";
    TopicSickLeave => "Sjukskrivning", "Sick leave";
    TopicRehabilitation => "Rehabilitering", "Rehabilitation";
    TopicReturnToWork => "Tillbaka i arbete", "Return to work";
    TopicOccupationalHealth => "Företagshälsovård", "Occupational health";
    TopicColleagues => "Kollegor", "Colleagues";
    TopicCrisis => "Akut hjälp", "Urgent help";
    TopicErgonomics => "Ergonomi", "Ergonomics";
    TopicLeadership => "För chefer", "For managers";
    EditorTitle => "Redigera: {}", "Edit: {}";
    EditorNotAllowed => "Den här sidan är för redaktörer av stödtexterna.", "This page is for the guidance library's editors.";
    EditorIntro => "Texten skrivs i Markdown: ## för rubriker, - för punktlistor, **fetstil**. Ange källor i slutet.", "Write the text in Markdown: ## for headings, - for bullet lists, **bold**. Give sources at the end.";
    EditorFieldTitle => "Rubrik", "Title";
    EditorFieldSummary => "Sammanfattning", "Summary";
    EditorFieldTopics => "Ämnen (koder, med komma emellan)", "Topics (codes, separated by commas)";
    EditorFieldAudience => "Skrivet för", "Written for";
    EditorFieldBody => "Text", "Text";
    EditorSave => "Spara", "Save";
    EditorScope => "Det du sparar blir {}s egen version av texten: bara era medarbetare läser den. Alla andra arbetsgivare läser den gemensamma texten, som driftsansvarig ger ut.", "What you save becomes {}'s own version of the text: only your people read it. Every other employer reads the shared text, which the operator publishes.";
    EditorOwnVersion => "Ni läser er egen version {} ({}).", "Your people read your own version {} ({}).";
    EditorSharedChanged => "Den gemensamma texten har ändrats sedan er version sparades. Jämför i versionshistoriken.", "The shared text has changed since your version was saved. Compare in the version history.";
    EditorBackToShared => "Gå tillbaka till den gemensamma texten", "Go back to the shared text";
    EditorBackToSharedHint => "Er version finns kvar i historiken.", "Your version stays in the history.";
    EditorHistory => "Versioner", "Versions";
    EditorVersionFile => "Gemensam text {}, från {}", "Shared text {}, from {}";
    EditorVersionEdit => "Er version {}, av {}", "Your version {}, by {}";
    EditorVersionBack => "Tillbaka till den gemensamma texten ({}), av {}", "Back to the shared text ({}), by {}";
    EditorVersionBefore => "Ändrad i appen innan varje arbetsgivare fick egna versioner", "Changed in the app before each employer had its own versions";
    EditorAuthorGone => "en redaktör som inte längre finns i Orka", "an editor no longer in Orka";
    EditorFeedbackScope => "Svar från medarbetare på {}, utan koppling till vem som svarade.", "Answers from the people at {}, with no link to who answered.";
    EditorEditLink => "Redigera texten", "Edit this text";
    EditorFeedbackTitle => "Var texterna till hjälp?", "Did the texts help?";
    EditorFeedbackEmpty => "Inga svar ännu.", "No answers yet.";
    EditorFeedbackCounts => "{} ja, {} nej", "{} yes, {} no";
    EditorFeedbackComments => "Kommentarer", "Comments";
    ErrNotFound => "Det finns inget sådant här, eller inget du får se.", "There is nothing like that here, or nothing you may see.";
    ErrForbidden => "Du har inte behörighet till det här.", "You do not have access to this.";
    ErrNeedsConsent => "Personen har inte valt att dela det här med dig.", "This person has not chosen to share this with you.";
    ErrTokenInvalid => "Åtkomsttoken godtogs inte. Logga in igen i appen.", "The access token was not accepted. Sign in again in the app.";
    ErrUnknownPerson => "Orka känner inte igen dig hos din arbetsgivare ännu. Logga in en gång på webben, eller be HR lägga upp dig.", "Orka does not know you at your employer yet. Sign in once on the web, or ask HR to add you.";
    ErrIssuerOperatorOnly => "Utfärdaren ändras bara av den som driftar Orka (orka employer update --issuer).", "The issuer is changed only by whoever runs Orka (orka employer update --issuer).";
    ErrSlugTaken => "Det finns redan en arbetsgivare med den kortadressen.", "An employer with that short name already exists.";
    ErrAudienceTaken => "En annan arbetsgivare har redan den här utfärdaren och API-målgruppen. Välj en egen målgrupp.", "Another employer already has this issuer and API audience. Choose an audience of your own.";
    ErrProviderByOperator => "Inloggningen för den här arbetsgivaren sätts först upp av den som driftar Orka.", "Sign-in for this employer is first set up by whoever runs Orka.";
    ErrSettingsInvalid => "Några inställningar behöver ändras. Se de markerade fälten.", "Some settings need changing. See the marked fields.";
    ErrConsentScope => "Okänt slag av delning.", "Unknown kind of sharing.";
    ErrConsentRecipient => "Det här kan inte delas med den mottagaren.", "This cannot be shared with that recipient.";
    ErrConsentTextChanged => "Texten har ändrats sedan du läste den. Läs den nya texten innan du godkänner.", "The text has changed since you read it. Read the new text before you agree.";
    ErrConsentNoManager => "Du har ingen chef registrerad i Orka att dela med.", "You have no manager registered in Orka to share with.";
    ErrConsentNotCoordinator => "Välj en av arbetsgivarens rehabsamordnare.", "Choose one of the employer's rehab coordinators.";
    ErrConsentNotManagerAbove => "Välj en av cheferna över din närmaste chef.", "Choose one of the managers above your own.";
    ErrConsentNotOccupationalHealth => "Välj din arbetsgivares företagshälsovård i listan.", "Choose your employer's occupational health service from the list.";
    ErrFollowUpTooLong => "Högst 500 tecken.", "At most 500 characters.";
    ErrFieldMissing => "Fyll i det här fältet.", "Fill in this field.";
    ErrFieldAtMost => "Högst {} tecken.", "At most {} characters.";
    ErrFieldNotAUrl => "Det här är ingen webbadress.", "This is not a web address.";
    ErrFieldNotHttps => "Adressen måste börja med https://.", "The address must start with https://.";
    ErrRoleMapPair => "”{}” är inte grupp=roll.", "“{}” is not group=role.";
    ErrRoleMapRole => "”{}” är ingen roll (coordinator, admin, editor).", "“{}” is not a role (coordinator, admin, editor).";
    ErrTopicUnknown => "”{}” är inget ämne.", "“{}” is not a topic.";
    ErrTopicNone => "Ange minst ett ämne.", "Give at least one topic.";
    ErrFieldTooLong => "Texten är för lång.", "The text is too long.";
    ErrFieldTooMany => "För många rader.", "Too many rows.";
    ErrFieldUnknown => "Välj ett av alternativen.", "Choose one of the options.";
    ErrFieldNotADate => "Ange ett datum som ÅÅÅÅ-MM-DD, en vecka som 2026-W50 eller en tid som 2026-12-03T10:00.", "Enter a date as YYYY-MM-DD, a week as 2026-W50 or a time as 2026-12-03T10:00.";
    ErrNoDevices => "Ingen enhet tar emot aviseringar", "No device is registered for notifications";
    ErrNoDevicesDetail => "Slå på påminnelser i appen på enheten först.", "Turn reminders on in the app on the device first.";
    ErrWeekRange => "Från får ligga högst 104 veckor före till, och inte efter den.", "From must be at most 104 weeks before to, and not after it.";
    ErrFieldOutOfRange => "Värdet är utanför det tillåtna.", "The value is outside what is allowed.";
    ErrFieldDuplicate => "Samma vecka finns två gånger.", "The same week is there twice.";
    ErrFieldBeforeFirstDay => "Datumet ligger före sjukskrivningens första dag.", "The date is before the first day of sick leave.";
    ErrFieldOverlaps => "Sjukskrivningen börjar innan den förra slutade.", "The sick leave starts before the last one ended.";
    ErrFieldInFuture => "Datumet har inte kommit än.", "That date has not come yet.";
    ErrFieldUnknownPerson => "Ingen hos arbetsgivaren har det id:t eller anställningsnumret.", "No one at the employer has that subject or employee number.";
    ErrFieldUnknownColumn => "Okänd kolumn: kolumnerna är subject eller employee_number, first_day, last_day och extent.", "Unknown column: the columns are subject or employee_number, first_day, last_day and extent.";
    ErrFieldNotCsv => "Raden går inte att läsa som CSV med kolumnerna i rubrikraden.", "The row cannot be read as CSV with the header row's columns.";
    ErrFieldAboutHealth => "Orka tar inte emot orsak, diagnos eller anteckningar om frånvaro, bara vem, när och hur mycket: ta bort kolumnen ur exporten.", "Orka takes no reason, diagnosis or note about an absence, only who, when and how much: leave the column out of the export.";
    ErrFieldOnlyForPlan => "Bara planen för återgång i arbete kan anges som inte behövd.", "Only the plan for return to work can be recorded as not needed.";
    ErrFieldInPast => "Välj dagens datum eller ett senare.", "Choose today or a later date.";
    ErrFieldNotOnList => "Personen står inte på listan för tidiga samtal.", "This person is not on the early-conversation list.";
    ErrFieldEmployeeOnly => "Bara medarbetaren själv kan be om anpassning.", "Only the employee can ask for adjusted work themself.";
    ErrFieldNoManager => "Du har ingen chef i Orka. Välj en rehabkoordinator i stället.", "You have no manager in Orka. Choose a rehab coordinator instead.";
    ErrFieldNotSickLeave => "Ett anpassningsärende har ingen sista sjukdag.", "An adjustment case has no last day of sick leave.";
    ErrWrongCaseKind => "Det går inte att göra i den här sortens ärende.", "That cannot be done in this kind of case.";
    ErrCaseOpen => "Personen har redan ett öppet rehabärende.", "This person already has an open rehabilitation case.";
    ErrCaseClosed => "Ärendet är avslutat. Öppna det igen med en ny sjukperiod först.", "The case is closed. Reopen it with a new period of sick leave first.";
    ErrPlanStale => "Planen har ändrats sedan du öppnade den (nu version {}). Ladda om sidan och gör ändringen igen.", "The plan has changed since you opened it (now version {}). Reload the page and make your change again.";
    ErrNotYourTask => "Du kan bara markera dina egna uppgifter i planen.", "You can only mark your own tasks in the plan.";
    NavRehab => "Rehab", "Rehab";
    RehabTitle => "Tillbaka till arbetet", "Return to work";
    RehabNone => "Här visas din plan för återgång i arbete om du blir sjukskriven och din arbetsgivare öppnar ett rehabärende. Just nu finns inget.", "Your plan for returning to work shows here if you go on sick leave and your employer opens a rehabilitation case. There is none now.";
    RehabThisWeek => "Den här veckan", "This week";
    RehabWorkThisWeek => "Du arbetar {} % av din arbetstid den här veckan.", "You work {} % of your working time this week.";
    RehabHours => "Tider: {}", "Hours: {}";
    RehabSickToday => "sjukskriven {} %", "on sick leave {} %";
    RehabNotSickToday => "Du är inte sjukskriven i dag.", "You are not on sick leave today.";
    RehabMyTasks => "Mina uppgifter", "My tasks";
    RehabNoTasks => "Inga uppgifter för dig just nu.", "No tasks for you right now.";
    RehabDue => "senast {}", "by {}";
    RehabMarkDone => "Markera som klar", "Mark as done";
    RehabNextMeeting => "Nästa möte", "Next meeting";
    RehabMeetingLine => "{} med {}", "{} with {}";
    RehabHowIsItGoing => "Hur går det? Gör veckans incheckning", "How is it going? Do this week's check-in";
    RehabChangesTitle => "Nytt i planen sedan du tittade senast", "New in the plan since you last looked";
    ChangeGoal => "Målet har ändrats.", "The goal has changed.";
    ChangeMeasureAdded => "Ny åtgärd: {}", "New measure: {}";
    ChangeMeasureChanged => "Ändrad åtgärd: {}", "Changed measure: {}";
    ChangeMeasureDone => "Klar: {}", "Done: {}";
    ChangeMeasureRemoved => "Borttagen åtgärd: {}", "Removed measure: {}";
    ChangeSchedule => "Ändrad upptrappning vecka {}", "Changed graded return, week {}";
    ChangeMeetingAdded => "Nytt möte {}", "New meeting {}";
    ChangeMeetingChanged => "Ändrat möte {}", "Changed meeting {}";
    ChangeMeetingRemoved => "Inställt möte {}", "Cancelled meeting {}";
    RehabPlanTitle => "Plan för återgång i arbete", "Plan for return to work";
    RehabPlanFor => "Plan för återgång i arbete – {}", "Plan for return to work – {}";
    RehabPlanVersion => "Version {}, ändrad {} av {}.", "Version {}, changed {} by {}.";
    RehabGoal => "Mål", "Goal";
    RehabMeasures => "Åtgärder", "Measures";
    RehabSchedule => "Upptrappning vecka för vecka", "Graded return week by week";
    RehabMeetings => "Uppföljningsmöten", "Follow-up meetings";
    RehabYouAcknowledged => "Du har tagit del av version {} av planen.", "You have acknowledged version {} of the plan.";
    RehabAcknowledgedVersion => "Kvitterade version {} av planen", "Acknowledged version {} of the plan";
    RehabCommentedVersion => "Kommenterade version {} av planen", "Commented on version {} of the plan";
    RehabRow => "{}, rad {}", "{}, row {}";
    RehabAcknowledge => "Jag har läst planen", "I have read the plan";
    RehabAcknowledged => "Tack. Det är noterat att du har läst planen.", "Thank you. It is noted that you have read the plan.";
    RehabCommentLabel => "Synpunkter på planen", "Comments on the plan";
    RehabComment => "Skicka synpunkter", "Send comments";
    RehabCommented => "Dina synpunkter är sparade och syns för den som håller i ärendet.", "Your comments are saved and visible to whoever keeps the case.";
    RehabTaskSaved => "Uppgiften är markerad som klar.", "The task is marked as done.";
    RehabSaved => "Sparat.", "Saved.";
    RehabTimeline => "Tidslinje", "Timeline";
    RehabDayOn => "dag {}, {}", "day {}, {}";
    RehabHelpTitle => "Läs mer och få hjälp", "Read more and get help";
    RehabGuideGraded => "Att komma tillbaka stegvis", "Coming back step by step";
    RehabGuideRights => "Dina rättigheter och skyldigheter i rehabiliteringen", "Your rights and duties in rehabilitation";
    RehabGuideOccupational => "Företagshälsovården", "Occupational health services";
    RehabContacts => "Dina kontakter", "Your contacts";
    RehabLinksTitle => "Dela planen med företagshälsovården", "Share the plan with occupational health";
    RehabLinksIntro => "Du kan ge en namngiven kontakt en länk som visar planen under en begränsad tid. Du kan stänga länken när du vill, och varje gång den används syns i din logg.", "You can give a named contact a link that shows the plan for a limited time. You can close the link whenever you want, and every use shows in your log.";
    RehabLinkGiven => "Länken är skapad. Kopiera den nu – den visas bara den här gången:", "The link is made. Copy it now – it is shown only this once:";
    RehabLinkLive => "{} – öppen till {}", "{} – open until {}";
    RehabLinkClosed => "{} – stängd", "{} – closed";
    RehabLinkRevoke => "Stäng länken", "Close the link";
    RehabLinkRevoked => "Länken är stängd och fungerar inte längre.", "The link is closed and no longer works.";
    RehabLinkContact => "Kontaktens namn", "The contact's name";
    RehabLinkOrganisation => "Företagshälsovård", "Occupational health service";
    RehabLinkDays => "Antal dagar länken är öppen (1–90)", "Days the link stays open (1–90)";
    RehabLinkGive => "Skapa länk", "Make a link";
    RehabSharedWith => "Delad av den anställda med {} till och med {}.", "Shared by the employee with {} until {}.";
    RehabNoPlan => "Ingen plan är skriven ännu.", "No plan has been written yet.";
    RehabCasesTitle => "Öppna rehabärenden", "Open rehabilitation cases";
    RehabNoCases => "Inga öppna ärenden.", "No open cases.";
    RehabSince => "Sjukskriven sedan {}", "On sick leave since {}";
    RehabOverdue => "{} försenade", "{} overdue";
    RehabSignalsTitle => "Upprepad korttidsfrånvaro", "Repeated short-term absence";
    RehabSignalsRule => "Visar den som har minst {} frånvarotillfällen på {} månader, för ett tidigt hälsosamtal.", "Shows anyone with at least {} spells of absence in {} months, for an early health conversation.";
    RehabNoSignals => "Ingen just nu.", "Nobody right now.";
    RehabSignalLine => "{}: {} tillfällen, senast {}", "{}: {} spells, latest {}";
    FigureWithheld => "ej visad", "withheld";
    OutcomesNotAllowed => "Sidan är för arbetsgivarens administratörer och analytiker.", "This page is for the employer's admins and analysts.";
    OutcomesIntro => "Sjukfrånvaron från lönesystemets frånvaro och HR-systemets arbetstid, månad för månad och som årsredovisningens sju nyckeltal. Ingen person nämns.", "Sick leave from payroll's absences and HR's working hours, month by month and as the annual report's seven key figures. No one is named.";
    OutcomesBadPeriod => "Ange två månader som ÅÅÅÅ-MM, den första före den andra, högst tre år. Visar de senaste tolv månaderna.", "Give two months as YYYY-MM, the first before the second, at most three years. Showing the last twelve months.";
    OutcomesFrom => "Från månad", "From month";
    OutcomesTo => "Till och med månad", "To month";
    OutcomesShow => "Visa", "Show";
    OutcomesMonthlyTitle => "Sjukfrånvaro månad för månad", "Sick leave month by month";
    OutcomesChartTitle => "Sjukfrånvaro i procent av ordinarie arbetstid per månad", "Sick leave as a percentage of ordinary working time per month";
    OutcomesChartDesc => "Linjer för alla, kvinnor, män och alla samma månad året före. Ej visade månader är luckor. Alla värden finns i tabellen under.", "Lines for everyone, women, men and everyone the same month a year before. Withheld months are gaps. Every value is in the table below.";
    OutcomesTableCaption => "Sjukfrånvaro och frånvaroperioder per månad", "Sick leave and absences per month";
    OutcomesMonth => "Månad", "Month";
    OutcomesTotal => "Alla", "Everyone";
    OutcomesWomen => "Kvinnor", "Women";
    OutcomesMen => "Män", "Men";
    OutcomesYearBefore => "Alla, året före", "Everyone, a year before";
    OutcomesStarted => "Påbörjade frånvaroperioder", "Absences started";
    OutcomesEnded => "Avslutade frånvaroperioder", "Absences ended";
    OutcomesCsv => "Ladda ner som CSV", "Download as CSV";
    OutcomesKeyTitle => "Årsredovisningens nyckeltal för perioden", "The annual report's key figures for the period";
    OutcomesKeyCaption => "Sjukfrånvaro i procent av ordinarie arbetstid (långtidsandelen i procent av sjukfrånvaron)", "Sick leave as a percentage of ordinary working time (the long-term share as a percentage of sick leave)";
    OutcomesWho => "Grupp", "Group";
    OutcomesLongTerm => "Andel 60 dagar eller mer", "Share 60 days or more";
    OutcomesWholeEmployer => "Hela arbetsgivaren", "The whole employer";
    OutcomesReadTitle => "Så läser du siffrorna", "How to read the figures";
    OutcomesSmallGroups => "En grupp med tio eller färre anställda visas inte, inte heller en siffra som skulle låta en sådan grupp räknas fram ur de andra, eller ur skillnaden mellan två perioder (lag (2018:597) om kommunal bokföring och redovisning; SKR:s definitioner).", "A group of ten or fewer employees is not shown, nor a figure that would let such a group be worked out from the others or from the difference of two periods (the Municipal Accounting Act; SKR's definitions).";
    OutcomesYearBeforeNote => "Jämförelsen med året före gäller de som var anställda då. Den visar om sjukfrånvaron är lägre än den var, inte varför: nyanställningar, avgångar, pandemier och ändrade regler påverkar också.", "The comparison with a year before counts the people employed then. It shows whether sick leave is lower than it was, not why: hiring, leaving, epidemics and changed rules matter too.";
    OutcomesCsvHeader => "månad,sjukfrånvaro totalt %,kvinnor %,män %,året före totalt %,året före kvinnor %,året före män %,påbörjade frånvaroperioder,kvinnor,män,avslutade frånvaroperioder,kvinnor,män", "month,sick leave total %,women %,men %,a year before total %,a year before women %,a year before men %,absences started,women,men,absences ended,women,men";
    RehabToOpenTitle => "Ärenden att öppna", "Cases to open";
    RehabToOpenRule => "Visar den vars sjukperiod har nått dag {} utan ett ärende, från lönesystemet eller inlagt här. Första dag och omfattning är ifyllda.", "Shows anyone whose sick period reached day {} with no case, from payroll or entered here. First day and extent are filled in.";
    RehabNoToOpen => "Inga just nu.", "None right now.";
    RehabToOpenLine => "{}: sjuk sedan {}, dag {} nåddes {}, {} %", "{}: sick since {}, day {} reached on {}, {} %";
    RehabToOpenBack => "Tillbaka i arbete", "Back at work";
    RehabOpenTitle => "Öppna ett rehabärende", "Open a rehabilitation case";
    RehabNoDiagnosis => "Ange ingen diagnos eller orsak: arbetsgivaren behöver den inte och Orka sparar den inte.", "Give no diagnosis or reason: the employer does not need it and Orka does not keep it.";
    RehabPerson => "Medarbetare", "Employee";
    RehabFirstDay => "Första sjukdag", "First day of sick leave";
    RehabExtent => "Sjukskrivningens omfattning", "Extent of sick leave";
    RehabExpected => "Väntas pågå till (om det är känt)", "Expected to last until (if known)";
    RehabOpen => "Öppna ärendet", "Open the case";
    RehabBackToList => "Alla ärenden", "All cases";
    RehabCaseTitle => "Sjukskrivning", "Sick leave";
    RehabClosed => "Ärendet är avslutat.", "The case is closed.";
    RehabExtentFrom => "Från {}: {} %", "From {}: {} %";
    RehabPrintable => "Utskriftsvänlig plan", "Printable plan";
    RehabPdf => "Planen som PDF", "The plan as a PDF";
    RehabMarkMilestone => "Markera som gjort", "Record as done";
    RehabParticipation => "Medarbetarens delaktighet", "The employee's participation";
    RehabNoParticipation => "Medarbetaren har inte kvitterat eller kommenterat planen ännu.", "The employee has not acknowledged or commented on the plan yet.";
    RehabEditPlan => "Skriv planen", "Write the plan";
    RehabKind => "Slag av åtgärd", "Kind of measure";
    RehabDescription => "Vad ska göras", "What is to be done";
    RehabResponsible => "Ansvarig", "Responsible";
    RehabDueLabel => "Klart senast", "Due";
    RehabStatus => "Läge", "Status";
    RehabWeek => "Vecka", "Week";
    RehabAtWork => "I arbete", "At work";
    RehabHoursLabel => "Dagar och tider", "Days and hours";
    RehabMeetingAt => "Tid", "Time";
    RehabParticipants => "Deltagare", "Participants";
    RehabSummary => "Överenskommet", "Agreed";
    RehabSavePlan => "Spara som ny version", "Save as a new version";
    RehabChangeExtent => "Ändra omfattning", "Change the extent";
    RehabFrom => "Från och med", "From";
    RehabSave => "Spara", "Save";
    RehabCloseTitle => "Avsluta ärendet", "Close the case";
    RehabLastDay => "Sista sjukdag", "Last day of sick leave";
    RehabOutcome => "Utfall", "Outcome";
    RehabClose => "Avsluta", "Close";
    OutcomeReturnedFully => "Tillbaka i eget arbete på heltid", "Back in own work full time";
    OutcomeOtherWork => "Annat arbete hos arbetsgivaren", "Other work at the employer";
    OutcomeEmploymentEnded => "Anställningen upphörde", "Employment ended";
    OutcomeOther => "Annat", "Other";
    OutcomeAdjusted => "Arbetet är anpassat och fungerar", "The work is adjusted and works";
    AdjStartAlert => "Startade från en signal som medarbetaren delade", "Started from an alert the employee shared";
    AdjStartSignal => "Startade från listan för tidiga samtal", "Started from the early-conversation list";
    AdjStartRequest => "Medarbetaren bad själv om anpassning", "The employee asked for adjustment themself";
    AdjCompanionUnion => "med facklig företrädare", "with a union representative";
    AdjCompanionSafety => "med skyddsombud", "with a safety representative";
    AdjCompanionNone => "utan företrädare", "without a representative";
    AdjFollowUpOn => "Uppföljning {}", "Follow-up {}";
    AdjFollowUpOverdue => "Uppföljningen {} är försenad", "The follow-up of {} is overdue";
    AdjFollowUpNotSet => "Ingen uppföljning bokad", "No follow-up set";
    HomeWorkHard => "Går något i arbetet tungt?", "Is something at work hard going?";
    AdjAskTitle => "Be om anpassning av arbetet", "Ask for adjusted work";
    AdjAskIntro => "Går något i arbetet tungt? Arbetsgivaren ska ta reda på om arbetet behöver anpassas, innan det blir en sjukskrivning. Du väljer vem som får veta.", "Is something at work hard going? Your employer must find out whether your work needs adjusting, before it comes to sick leave. You choose who is told.";
    AdjAskTo => "Vem ska ta emot din förfrågan?", "Who should receive your request?";
    AdjToManager => "Min chef", "My manager";
    AdjToCoordinator => "En rehabkoordinator (chefen får inte veta förrän du själv väljer det)", "A rehab coordinator (your manager is not told until you choose)";
    AdjWords => "Med egna ord (frivilligt)", "In your own words (optional)";
    AdjWordsHint => "Vad i arbetet är svårt, och vad skulle hjälpa? Skriv inget om diagnos eller sjukdom.", "What at work is hard, and what would help? Write nothing about a diagnosis or illness.";
    AdjAsk => "Skicka förfrågan", "Send request";
    AdjObserved => "Vad som märks i arbetet", "What is seen at work";
    AdjObservedHint => "Beskriv arbetet, inte hälsan: uppgifter, tider, miljö. Ingen diagnos.", "Describe the work, not health: tasks, hours, surroundings. No diagnosis.";
    AdjInvestigation => "Utredning med medarbetaren", "Investigation with the employee";
    AdjInvestigatedOn => "{}, {}", "{}, {}";
    AdjNotInvestigated => "Inte utrett än", "Not investigated yet";
    AdjInvestigated => "Utrett", "Investigated";
    AdjBecameSickLeave => "Blev ett sjukskrivningsärende från {}", "Became a sick-leave case from {}";
    AdjMineTitle => "Din anpassning av arbetet", "Your work adjustment";
    AdjManagerIn => "Din chef är med i ärendet.", "Your manager takes part in the case.";
    AdjManagerOut => "Din chef ser inte ärendet.", "Your manager does not see the case.";
    AdjLetManagerIn => "Låt min chef vara med", "Let my manager take part";
    AdjLeaveManagerOut => "Ta bort min chef från ärendet", "Leave my manager out of the case";
    AdjListTitle => "Anpassningsärenden", "Adjustment cases";
    AdjNone => "Inga öppna anpassningsärenden.", "No open adjustment cases.";
    AdjOpenedOn => "Öppnat {}", "Opened {}";
    AdjOpenTitle => "Öppna ett anpassningsärende", "Open an adjustment case";
    AdjOpenHint => "För någon som är i arbete och kan behöva anpassat arbete (AFS 2023:2). Beskriv vad som märks i arbetet, aldrig en diagnos.", "For someone at work who may need adjusted work (AFS 2023:2). Describe what is seen at work, never a diagnosis.";
    AdjOpen => "Öppna anpassningsärendet", "Open the adjustment case";
    AdjPerson => "Vem gäller det?", "Who is it about?";
    AdjOpenFor => "Öppna anpassningsärende", "Open adjustment case";
    AdjCaseTitle => "Anpassning av arbetet", "Work adjustment";
    AdjManagerTakesPart => "Medarbetarens chef är med i ärendet.", "The employee's manager takes part.";
    AdjManagerLeftOut => "Medarbetaren har inte tagit med sin chef i ärendet.", "The employee has not let their manager into the case.";
    AdjInvestigationHint => "Medarbetaren är med och får ta med facklig företrädare eller skyddsombud. Åtgärderna skrivs i planen nedan, med vem som gör vad och när.", "The employee takes part and may bring a union or safety representative. The measures go in the plan below, with who does what by when.";
    AdjHeldOn => "Samtalet hölls", "Held on";
    AdjCompanion => "Med på samtalet", "Came along";
    AdjFound => "Vad ni kom fram till om arbetet", "What you found out about the work";
    AdjRecordInvestigation => "Spara utredningen", "Save the investigation";
    AdjFollowUpTitle => "Uppföljning", "Follow-up";
    AdjFollowUpHint => "Följ upp om anpassningen fungerar. Du får en påminnelse på morgonen.", "Follow up whether the adjustment works. You get a reminder that morning.";
    AdjFollowUpDate => "Datum för uppföljning", "Follow-up date";
    AdjSetFollowUp => "Boka uppföljningen", "Set the follow-up";
    WhatAdjustmentCase => "ditt anpassningsärende", "your adjustment case";
    WhatTalkRequest => "att du vill bli kontaktad, med ditt namn och din e-post", "that you would like to be contacted, with your name and e-mail";
    WhatAdjustmentInList => "din rad i listan över anpassningsärenden", "your line in the list of adjustment cases";
    MsDayThreeCall => "Dag 3: chefen ringer", "Day 3: the manager calls";
    RehabCallHint => "Rutinen är att du som chef ringer på sjukfrånvarons tredje dag: fråga hur det går och om något på jobbet kan göras, aldrig om diagnosen.", "The routine is that you as manager call on the third day of sick leave: ask how things are and whether anything at work could help, never about the diagnosis.";
    RehabCallMade => "Jag har ringt", "I have called";
    MsMedicalCertificate => "Läkarintyg", "Medical certificate";
    MsSickPayEnds => "Sjuklöneperioden slutar", "Sick pay period ends";
    MsReportToInsurance => "Anmälan till Försäkringskassan", "Report to Försäkringskassan";
    MsReturnToWorkPlan => "Plan för återgång i arbete", "Plan for return to work";
    MsDay90 => "Före dag 90: utred tillfälligt eller anpassat arbete", "Before day 90: look into temporary or adjusted work";
    MsDay180 => "Före dag 180: utred annat arbete hos arbetsgivaren (omplacering)", "Before day 180: look into other work at the employer (reassignment)";
    MsDay365 => "Dag 365: arbetsmarknaden i stort, bara oskälighet undantar", "Day 365: the labour market at large, only unreasonableness exempts";
    StatusDone => "gjort", "done";
    StatusExempt => "behövs inte", "not needed";
    ExemptFullReturn => "Tillbaka helt inom 60 dagar utan några åtgärder", "Fully back within 60 days without any measures";
    ExemptHealthRulesOut => "Hälsan visar klart att en återgång i arbete inte är möjlig", "Health clearly rules out a return to work";
    RehabExemptBecause => "Ingen plan behövs: {}", "No plan needed: {}";
    RehabLookedInto => "Vad som utretts", "What was looked into";
    RehabLookedIntoHint => "Krävs före dag 90 och 180: vilket arbete som prövades och med vilket resultat. Skriv i arbetstermer, aldrig en diagnos.", "Required before days 90 and 180: which work was looked at and with what result. Write in work terms, never a diagnosis.";
    RehabNoPlanNeeded => "Ingen plan för återgång i arbete behövs", "No plan for return to work is needed";
    RehabNoPlanNeededHint => "Välj skälet. Det sparas i ärendet och medarbetaren ser det.", "Choose the reason. It is kept in the case and the employee sees it.";
    RehabRecordNoPlan => "Spara att ingen plan behövs", "Record that no plan is needed";
    StatusPassed => "passerad", "passed";
    StatusOverdue => "försenad", "overdue";
    StatusDueSoon => "snart", "due soon";
    StatusUpcoming => "kommande", "upcoming";
    StatusPlanned => "planerad", "planned";
    StatusStarted => "påbörjad", "started";
    StatusCancelled => "struken", "cancelled";
    PartyEmployee => "medarbetaren", "the employee";
    PartyEmployer => "arbetsgivaren", "the employer";
    PartyManager => "chefen", "the manager";
    PartyHr => "HR", "HR";
    PartyOccupationalHealth => "företagshälsovården", "occupational health";
    PartyInsurance => "Försäkringskassan", "Försäkringskassan";
    PartyEmploymentService => "Arbetsförmedlingen", "Arbetsförmedlingen";
    PartyOther => "annan", "other";
    KindAdjustment => "Anpassning", "Adjustment";
    KindChangedTasks => "Ändrade arbetsuppgifter", "Changed tasks";
    KindChangedHours => "Ändrad arbetstid", "Changed hours";
    KindAid => "Hjälpmedel", "Aid";
    KindTraining => "Utbildning", "Training";
    KindTreatment => "Behandling via företagshälsovården", "Treatment through occupational health";
    KindOther => "Annat", "Other";
    CheckInQueued => "Väntar på att skickas. Du har ingen anslutning just nu. Svaren är sparade på den här telefonen och skickas av sig själva när du är uppkopplad igen. De tas bort när de har skickats eller när du loggar ut.", "Waiting to be sent. You have no connection right now. Your answers are kept on this phone and sent by themselves when you are back online. They are removed once sent, or when you sign out.";
    ErrNetwork => "Ingen kontakt med Orka. Kontrollera din uppkoppling och försök igen – dina svar finns kvar i formuläret.", "Cannot reach Orka. Check your connection and try again – your answers are still in the form.";

    NavSharing => "Delning", "Sharing";
    NavTeam => "Mitt team", "My team";
    SharingTitle => "Vad jag delar", "What I share";
    SharingIntro => "Inget delas om du inte själv väljer det, för ett syfte och med en mottagare i taget. Du kan ta tillbaka varje val med ett tryck, och det gäller direkt.", "Nothing is shared unless you choose it, for one purpose and one recipient at a time. You can take back every choice with one tap, and it applies at once.";
    ScopeAskToTalk => "Säg till när jag vill prata", "Tell when I ask to talk";
    ScopeLowWellbeing => "Säg till när mitt mående är lågt en tid", "Tell when my wellbeing stays low";
    ScopeWeeklyScores => "Mina veckopoäng", "My weekly scores";
    ScopeTeamTrend => "Räkna med mig i teamets anonyma trend", "Count me in my team's anonymous trend";
    ScopeRehabCase => "Mitt rehabärende, för en chef högre upp", "My rehabilitation case, for a manager higher up";
    SharingWith => "Delas med {} ({}) sedan {}.", "Shared with {} ({}) since {}.";
    SharingWithdraw => "Ta tillbaka", "Withdraw";
    SharingShareManager => "Dela med min chef ({})", "Share with my manager ({})";
    SharingShareCoordinator => "Dela med rehabsamordnaren", "Share with the rehab coordinator";
    SharingChooseCoordinator => "Rehabsamordnare", "Rehab coordinator";
    SharingShareManagerAbove => "Dela med chefen", "Share with this manager";
    SharingChooseManagerAbove => "Chef högre upp", "Manager higher up";
    SharingShareOccupationalHealth => "Skicka till företagshälsovården", "Send to occupational health";
    SharingChooseOccupationalHealth => "Företagshälsovård (din chef får inte veta något)", "Occupational health (your manager is told nothing)";
    SharingNoManagerAbove => "Det finns ingen chef över din närmaste chef att dela med.", "There is no manager above your own to share with.";
    SharingGranted => "Sparat. Det gäller från och med nu.", "Saved. It applies from now on.";
    SharingWithdrawn => "Tillbakataget. Ingen kan läsa det längre.", "Withdrawn. Nobody can read it any more.";
    RoleManager => "chef", "manager";
    RoleCoordinator => "rehabsamordnare", "rehab coordinator";
    RoleManagerAbove => "chef högre upp", "manager higher up";
    RoleOccupationalHealth => "företagshälsovård", "occupational health";
    AccessLogTitle => "Vem har sett mina uppgifter", "Who has seen my data";
    AccessLogEmpty => "Ingen annan har sett något av dina uppgifter.", "Nobody else has seen any of your data.";
    AccessLogLine => "{} ({}) såg {} {}.", "{} ({}) saw {} on {}.";
    AccessLogLineTimes => "{} ({}) såg {} {}, {} gånger.", "{} ({}) saw {} on {}, {} times.";
    AccessLogOlder => "Äldre läsningar", "Older reads";
    AccessLogNewest => "De senaste läsningarna", "The latest reads";
    WhatWeeklyScores => "dina veckopoäng", "your weekly scores";
    WhatAlert => "ditt meddelande", "your alert";
    WhatRehabCase => "ditt rehabärende och din plan", "your rehabilitation case and plan";
    WhatCaseInList => "din rad i listan över öppna rehabärenden", "your line in the list of open rehabilitation cases";
    WhatAbsenceSignal => "dina upprepade korta frånvaron, i listan för ett tidigt hälsosamtal", "your repeated short absences, in the list for an early health conversation";
    TalkTitle => "Någon vill bli kontaktad", "Someone would like to be contacted";
    TalkAsked => "{} på {} har bett {} att kontakta hen. Hen frågade {}.", "{} at {} has asked {} to contact them. They asked on {}.";
    TalkEmail => "E-post", "E-mail";
    TalkNoEmail => "Ingen e-postadress finns i Orka: nå hen genom arbetsgivarens växel.", "Orka has no e-mail address: reach them through the employer's switchboard.";
    TalkPrivacy => "Orka visar inget annat om personen, och hens chef har inte fått veta något. Den här sidan går att öppna till {}; varje gång den öppnas ser personen det i sin logg.", "Orka shows nothing else about the person, and their manager has not been told. This page opens until {}; each time it is opened, the person sees it in their log.";
    TalkMarkContacted => "Vi har tagit kontakt", "We have made contact";
    TalkContacted => "Markerad som kontaktad {}.", "Marked as contacted on {}.";
    RoleLinkHolder => "genom länken du gav", "through the link you gave";
    MyDataTitle => "Mina uppgifter", "My data";
    MyDataExport => "Ladda ner allt Orka har om mig", "Download everything Orka holds about me";
    MyDataDeleteTitle => "Radera min incheckningshistorik", "Delete my check-in history";
    MyDataDeleteExplain => "Alla dina veckosvar raderas för gott. Kvar blir åtkomstloggen (vem som sett vad: den skyddar dig och kan inte ändras), meddelanden som redan gått till din chef med ditt samtycke, och en rehabiliteringsplan som arbetsgivaren måste spara.", "All your weekly answers are deleted for good. What stays: the access log (who saw what: it protects you and cannot be changed), alerts already sent to your manager with your consent, and any rehabilitation plan the employer must keep.";
    MyDataConfirm => "Jag förstår att det inte går att ångra", "I understand this cannot be undone";
    MyDataDelete => "Radera historiken", "Delete the history";
    MyDataDeleted => "Din incheckningshistorik är raderad.", "Your check-in history is deleted.";
    MyDataConfirmMissing => "Kryssa i rutan för att bekräfta att du vill radera.", "Tick the box to confirm that you want to delete.";
    TeamTitle => "Mitt team", "My team";
    TeamNone => "Du leder ingen enhet i Orka, så det finns ingen teamtrend att visa.", "You lead no unit in Orka, so there is no team trend to show.";
    AlertsTitle => "Meddelanden", "Alerts";
    AlertsEmpty => "Inga meddelanden. Du ser bara det som medarbetare själva valt att dela med dig.", "No alerts. You only see what people have chosen to share with you.";
    AlertAskedToTalk => "{} vill prata", "{} asks to talk";
    AlertWellbeingLow => "{} har mått dåligt en tid", "{} has not been well for a while";
    AlertRaised => "Vecka {}, skickat {}.", "Week {}, sent {}.";
    AlertAcknowledged => "Kvitterat {}.", "Acknowledged {}.";
    AlertFollowUpLabel => "Vad har ni gjort? (till exempel ”Pratade på tisdag”)", "What have you done? (for example \"Talked on Tuesday\")";
    AlertAcknowledge => "Kvittera", "Acknowledge";
    AlertGuide => "Så kan samtalet gå till", "How the conversation can go";
    AlertSaved => "Sparat.", "Saved.";
    TeamTrendTitle => "Anonym trend: {}", "Anonymous trend: {}";
    TeamTrendIntro => "Genomsnitt för dem som valt att räknas med. Grupper under {} personer visas inte, och inte heller siffror som tillsammans med andra skulle avslöja en mindre grupp. En veckas siffror visas när veckan är slut och ändras aldrig efteråt: om någon i gruppen senare slutar räknas med, tar bort sina svar eller byter enhet tas siffran bort i stället.", "Averages for those who chose to be counted. Groups under {} people are not shown, nor figures that together with others would reveal a smaller group. A week's figures are shown when the week has ended and never change afterwards: if someone in the group later stops being counted, deletes their answers or moves, the figure is removed instead.";
    TrendWeek => "Vecka", "Week";
    TrendUnit => "Enhet", "Unit";
    TrendMean => "WHO-5, snitt", "WHO-5, mean";
    TrendBelow => "Under 50", "Below 50";
    TrendParticipation => "Deltog", "Took part";
    TrendHidden => "För få för att visa", "Too few to show";
    TrendNoData => "Inga WHO-5-svar (frågas varannan vecka)", "No WHO-5 answers (asked every second week)";
    TrendWithdrawn => "Borttagen: gruppen har ändrats sedan dess", "Removed: the group has changed since";
    NavReminders => "Påminnelser", "Reminders";
    RemindersTitle => "Påminnelser", "Reminders";
    RemindersIntro => "En kort påminnelse på den dag och tid du väljer, så att veckans incheckning blir av. Påminnelsen säger bara att det är dags – aldrig något om dina svar.", "A short reminder on the day and at the time you choose, so this week's check-in gets done. A reminder only says it is time – never anything about your answers.";
    RemindersOffer => "Vill du ha en påminnelse varje vecka? Slå på påminnelser", "Would you like a reminder each week? Turn on reminders";
    RemindersSaved => "Dina val är sparade.", "Your choices are saved.";
    RemindersResting => "Du är sjukskriven på heltid, så du får inga påminnelser om incheckning nu. Vill du ha dem ändå kan du slå på det nedan.", "You are on full-time sick leave, so check-in reminders rest for now. If you want them anyway, turn that on below.";
    RemindersPaused => "Påminnelserna har pausats eftersom du inte har checkat in på fyra veckor. De börjar igen när du checkar in nästa gång.", "Reminders are paused because you have not checked in for four weeks. They start again with your next check-in.";
    RemindersNext => "Nästa påminnelse: {}", "Next reminder: {}";
    RemindersThisDevice => "Den här enheten", "This device";
    RemindersDeviceIntro => "För att få påminnelser på den här telefonen eller datorn slår du på aviseringar. Webbläsaren frågar då om lov.", "To get reminders on this phone or computer, turn on notifications. Your browser will then ask for permission.";
    RemindersEnable => "Slå på aviseringar", "Turn on notifications";
    RemindersAsking => "Webbläsaren frågar om lov …", "Your browser is asking for permission …";
    RemindersOn => "Aviseringar är påslagna på den här enheten.", "Notifications are on for this device.";
    RemindersBlocked => "Aviseringar är blockerade för Orka i den här webbläsaren. Du kan tillåta dem i webbläsarens inställningar för webbplatsen och sedan försöka igen.", "Notifications are blocked for Orka in this browser. You can allow them in the browser's site settings and then try again.";
    RemindersDismissed => "Du svarade inte på frågan om aviseringar. Försök igen när du vill.", "You did not answer the question about notifications. Try again whenever you like.";
    RemindersUnsupported => "Den här webbläsaren kan inte ta emot aviseringar från Orka.", "This browser cannot receive notifications from Orka.";
    RemindersFailed => "Aviseringarna kunde inte slås på. Försök igen om en stund.", "Notifications could not be turned on. Try again in a while.";
    RemindersIos => "På iPhone och iPad: lägg först till Orka på hemskärmen (Dela → Lägg till på hemskärmen) och öppna Orka därifrån. Då kan du slå på aviseringar.", "On iPhone and iPad: first add Orka to your home screen (Share → Add to Home Screen) and open Orka from there. Then you can turn on notifications.";
    RemindersNeedsJs => "Aviseringar kräver att JavaScript är påslaget. Dina val nedan kan du spara ändå.", "Notifications need JavaScript to be turned on. You can still save your choices below.";
    RemindersCheckInLegend => "Veckans incheckning", "The weekly check-in";
    RemindersCheckIn => "Påminn mig om incheckningen varje vecka", "Remind me to check in every week";
    RemindersWeekday => "Dag", "Day";
    RemindersTime => "Tid", "Time";
    RemindersQuietLegend => "Tyst tid", "Quiet hours";
    RemindersQuietHint => "Ingenting skickas mellan de här tiderna. Lämna tomt om du inte vill ha tyst tid.", "Nothing is sent between these times. Leave empty for no quiet hours.";
    RemindersQuietFrom => "Från", "From";
    RemindersQuietTo => "Till", "To";
    RemindersOtherLegend => "Andra påminnelser", "Other reminders";
    RemindersRehab => "Möten och uppgifter i min rehabiliteringsplan", "Meetings and tasks in my rehabilitation plan";
    RemindersAlerts => "Nya signaler från medarbetare (för chefer)", "New alerts from staff (for managers)";
    RemindersDuringSickLeave => "Påminn om incheckningen även när jag är heltidssjukskriven", "Remind me to check in even while I am on full-time sick leave";
    RemindersSave => "Spara", "Save";
    RemindersDevices => "Dina enheter", "Your devices";
    RemindersNoDevices => "Ingen enhet har aviseringar påslagna ännu.", "No device has notifications turned on yet.";
    RemindersUnknownDevice => "Enhet", "Device";
    RemindersDeviceAdded => "tillagd {}", "added {}";
    RemindersDeviceLast => "senaste avisering {}", "last notification {}";
    RemindersRemove => "Ta bort {}", "Remove {}";
    RemindersRemoved => "Enheten är borttagen och får inga fler påminnelser.", "The device is removed and gets no more reminders.";
    RemindersTest => "Skicka en testavisering", "Send a test notification";
    RemindersTestQueued => "En testavisering är på väg till dina enheter.", "A test notification is on its way to your devices.";
    RemindersTestNoDevices => "Slå på aviseringar på en enhet först.", "Turn on notifications on a device first.";
    RemindersPrivacy => "Aviseringar går via din webbläsares tillverkare (t.ex. Google, Apple eller Mozilla). De innehåller ingen information om hur du mår.", "Notifications travel through your browser maker's push service (e.g. Google, Apple or Mozilla). They contain nothing about how you are.";
    ErrWeekday => "Välj en veckodag.", "Choose a day of the week.";
    ErrTimeOfDay => "Ange en tid som TT:MM, t.ex. 09:00.", "Enter a time as HH:MM, e.g. 09:00.";
    ErrTimeZone => "Okänd tidszon.", "Unknown time zone.";
    ErrQuietSame => "Tyst tid måste sluta vid en annan tid än den börjar.", "Quiet hours must end at a different time than they start.";
    ErrQuietBoth => "Ange både början och slut, eller lämna båda tomma.", "Give both start and end, or leave both empty.";
    Monday => "måndag", "Monday";
    Tuesday => "tisdag", "Tuesday";
    Wednesday => "onsdag", "Wednesday";
    Thursday => "torsdag", "Thursday";
    Friday => "fredag", "Friday";
    Saturday => "lördag", "Saturday";
    Sunday => "söndag", "Sunday";

    ResultSaved => "Tack! Dina svar för vecka {} är sparade.", "Thank you! Your answers for week {} are saved.";
    ResultWho5 => "Ditt välbefinnande (WHO-5): {} av 100.", "Your wellbeing (WHO-5): {} out of 100.";
    ResultAllClear => "Inget i dina svar tyder på att du behöver extra stöd just nu. Fortsätt att ta hand om dig!", "Nothing in your answers suggests you need extra support right now. Keep looking after yourself!";
    SignalWho5VeryLowTitle => "Sök stöd nu", "Please seek support now";
    SignalWho5VeryLow => "Dina svar tyder på att du mår dåligt. Kontakta vården: ring 1177 Vårdguiden (dygnet runt) eller din företagshälsovård. Är det akut, eller har du tankar på att skada dig själv, ring 112.", "Your answers suggest you are not feeling well. Contact healthcare: call 1177 Vårdguiden (day and night) or your occupational health service. If it is urgent, or you are thinking of harming yourself, call 112.";
    SignalWho5LowTitle => "Ditt välbefinnande är lågt", "Your wellbeing is low";
    SignalWho5Low => "Ta hand om dig: sömn, återhämtning och att prata med någon du litar på hjälper. Vill du ha stöd kan du vända dig till din chef eller företagshälsovården.", "Look after yourself: sleep, recovery and talking to someone you trust help. If you would like support, you can turn to your manager or occupational health.";
    SignalStressTitle => "Hög stress två veckor i rad", "High stress two weeks running";
    SignalStress => "Se över arbetsbelastningen och prata med din chef om vad som kan prioriteras bort, eller kontakta företagshälsovården.", "Look at your workload and talk to your manager about what can be set aside, or contact occupational health.";
    SignalWorkAbilityTitle => "Låg arbetsförmåga", "Low work ability";
    SignalWorkAbility => "Prata med din chef om anpassningar i arbetet, eller kontakta företagshälsovården för råd.", "Talk to your manager about adjusting your work, or contact occupational health for advice.";
    SignalTalkTitle => "Du vill prata med någon", "You would like to talk to someone";
    SignalTalk => "Orka delar inte dina svar. Ta gärna kontakt själv med din chef, företagshälsovården eller ditt fackliga ombud – eller ring 1177 om du vill prata med vården.", "Orka does not share your answers. Please reach out yourself to your manager, occupational health or your union representative – or call 1177 to talk to healthcare.";
    SignalWho5Up => "Ditt välbefinnande har ökat med {} poäng sedan förra gången.", "Your wellbeing has gone up by {} points since last time.";
    SignalWho5Down => "Ditt välbefinnande har minskat med {} poäng sedan förra gången.", "Your wellbeing has gone down by {} points since last time.";
    ContactsTitle => "Här får du hjälp", "Where to get help";
    Contact1177 => "1177 Vårdguiden – sjukvårdsrådgivning dygnet runt", "1177 Vårdguiden – healthcare advice day and night";
    Contact112 => "112 – vid akut fara", "112 – in an emergency";
    ContactMind => "Mind Självmordslinjen – samtal dygnet runt", "Mind suicide line – talk day and night";
    ContactOccupational => "Din företagshälsovård – via din chef eller HR", "Your occupational health service – through your manager or HR";
    ChangeAnswers => "Ändra mina svar", "Change my answers";

    TrendTitle => "Min utveckling", "My trend";
    TrendWeeks => "{} veckor", "{} weeks";
    TrendPeriodLabel => "Tidsperiod", "Period";
    TrendChartTitle => "Välbefinnande (WHO-5, 0–100) och arbetsförmåga (0–10, visad ×10) per vecka", "Wellbeing (WHO-5, 0–100) and work ability (0–10, shown ×10) per week";
    TrendSummary => "{} incheckningar de senaste {} veckorna. Senaste WHO-5: {}.", "{} check-ins in the last {} weeks. Latest WHO-5: {}.";
    TrendEmpty => "Du har inga incheckningar under perioden ännu.", "You have no check-ins in this period yet.";
    TrendTableCaption => "Dina svar vecka för vecka", "Your answers week by week";
    ColWeek => "Vecka", "Week";
    WeekShort => "v", "w";
    ColWho5 => "WHO-5 (0–100)", "WHO-5 (0–100)";
    ColStress => "Stress (1–5)", "Stress (1–5)";
    ColWorkAbility => "Arbetsförmåga (0–10)", "Work ability (0–10)";
    NotAsked => "–", "–";
    LegendWho5 => "Välbefinnande (WHO-5)", "Wellbeing (WHO-5)";
    LegendWorkAbility => "Arbetsförmåga ×10", "Work ability ×10";

    OfflineTitle => "Du är offline", "You are offline";
    OfflineText => "Den här sidan behöver nätverk. Försök igen när du har uppkoppling.", "This page needs a network connection. Please try again when you are online.";
    NotFoundTitle => "Sidan finns inte", "Page not found";
    NotFoundText => "Adressen kan vara fel, eller sidan har flyttats.", "The address may be wrong, or the page has moved.";
    BackHome => "Till startsidan", "Back to the start page";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_highest_q_of_ours() {
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,sv;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("de-DE,sv;q=0.5,en;q=0.4"), Lang::Sv);
        assert_eq!(Lang::negotiate("fi, de"), Lang::Sv);
        assert_eq!(Lang::negotiate("en;q=0, sv;q=0.1"), Lang::Sv);
        assert_eq!(Lang::negotiate(""), Lang::Sv);
    }

    #[test]
    fn placeholders_fill_in_order() {
        assert_eq!(
            Lang::En.tf(Msg::ErrOutOfRange, &[&1, &5]),
            "Choose a value from 1 to 5."
        );
        assert_eq!(Lang::Sv.tf(Msg::CheckInWeek, &[&"48"]), "Vecka 48");
    }
}
