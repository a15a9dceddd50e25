//! What can be wrong with one field of a form or a JSON body, as a stable code. The code
//! travels in the API's problem details (`errors[].code`); the edge gives each a message in
//! the person's language, so the list here is every field problem a person can meet in the
//! rehab, adjustment and plan forms and the absence import's rows.

coded!(
    ProblemCode {
        Missing = "missing",
        TooLong = "too_long",
        TooMany = "too_many",
        Unknown = "unknown",
        NotADate = "not_a_date",
        OutOfRange = "out_of_range",
        Duplicate = "duplicate",
        /// A last day, an expected last day or a change before the spell's first day.
        BeforeFirstDay = "before_first_day",
        /// A new spell that starts inside one already recorded.
        OverlapsEarlierSpell = "overlaps_earlier_spell",
        /// A day that has not come yet where only one that has is meaningful.
        InTheFuture = "in_the_future",
        /// A follow-up planned for a day already gone.
        InThePast = "in_the_past",
        /// An exemption that only the plan's deadline has.
        OnlyForPlan = "only_for_plan",
        /// A person the actor may not open a case for.
        NotOnList = "not_on_list",
        /// Something only the employee may start (their own request for adjusted work).
        EmployeeOnly = "employee_only",
        /// The request is to the manager and the person has none.
        NoManager = "no_manager",
        /// A return to work on a case that is not a sick-leave case.
        NotSickLeave = "not_sick_leave",
        /// An import row naming someone the employer does not have.
        UnknownPerson = "unknown_person",
        /// An import column Orka does not read.
        UnknownColumn = "unknown_column",
        /// An import column about health (a reason, a diagnosis, a note): never read.
        AboutHealth = "about_health",
        /// An import file or row that is not CSV as expected.
        NotCsv = "not_csv",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_because_clients_read_them() {
        assert_eq!(
            ProblemCode::OverlapsEarlierSpell.code(),
            "overlaps_earlier_spell"
        );
        assert_eq!(
            ProblemCode::parse("not_a_date"),
            Some(ProblemCode::NotADate)
        );
        assert_eq!(ProblemCode::parse("diagnosis"), None);
    }
}
