//! A small PDF writer for documents people take to a meeting (the rehabilitation plan): A4
//! pages of wrapped text in the standard fonts Helvetica and Helvetica-Bold. Every PDF reader
//! has those fonts, so nothing is embedded and a plan of a few pages stays a few kilobytes.
//! The fonts cover Windows-1252 (Swedish and English included); any other character prints
//! as "?".

const PAGE_WIDTH: f32 = 595.28;
const PAGE_HEIGHT: f32 = 841.89;
const MARGIN: f32 = 56.7;
const FOOTER_Y: f32 = 30.0;
const BULLET_INDENT: f32 = 14.0;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Font {
    Regular,
    Bold,
}

impl Font {
    fn name(self) -> &'static str {
        match self {
            Font::Regular => "F1",
            Font::Bold => "F2",
        }
    }
}

#[derive(Clone, Copy, Debug)]
enum Style {
    Title,
    Heading,
    Body,
    Strong,
    Small,
}

impl Style {
    fn font(self) -> Font {
        match self {
            Style::Title | Style::Heading | Style::Strong => Font::Bold,
            Style::Body | Style::Small => Font::Regular,
        }
    }

    fn size(self) -> f32 {
        match self {
            Style::Title => 18.0,
            Style::Heading => 13.0,
            Style::Body | Style::Strong => 10.5,
            Style::Small => 9.0,
        }
    }

    fn leading(self) -> f32 {
        self.size() * 1.35
    }

    /// Space above the block, left out at the top of a page.
    fn gap(self) -> f32 {
        match self {
            Style::Title => 0.0,
            Style::Heading => 12.0,
            Style::Body | Style::Strong | Style::Small => 3.0,
        }
    }
}

#[derive(Debug)]
struct Block {
    style: Style,
    text: String,
    bullet: bool,
    /// Indented like a bullet's text, without a bullet of its own (a bullet's second line).
    indent: bool,
}

/// A document built block by block, then laid out on pages by [`Document::to_pdf`].
#[derive(Debug, Default)]
pub struct Document {
    blocks: Vec<Block>,
}

impl Document {
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, style: Style, text: &str, bullet: bool, indent: bool) -> &mut Self {
        self.blocks.push(Block {
            style,
            text: text.to_owned(),
            bullet,
            indent,
        });
        self
    }

    pub fn title(&mut self, text: &str) -> &mut Self {
        self.push(Style::Title, text, false, false)
    }

    pub fn heading(&mut self, text: &str) -> &mut Self {
        self.push(Style::Heading, text, false, false)
    }

    pub fn paragraph(&mut self, text: &str) -> &mut Self {
        self.push(Style::Body, text, false, false)
    }

    pub fn small(&mut self, text: &str) -> &mut Self {
        self.push(Style::Small, text, false, false)
    }

    /// A list item with its first line in bold.
    pub fn item(&mut self, text: &str) -> &mut Self {
        self.push(Style::Strong, text, true, false)
    }

    /// A plain list item.
    pub fn bullet(&mut self, text: &str) -> &mut Self {
        self.push(Style::Body, text, true, false)
    }

    /// More about the item above, under its text.
    pub fn detail(&mut self, text: &str) -> &mut Self {
        self.push(Style::Small, text, false, true)
    }

    /// The PDF file: `title` goes into the document information and, with the page number,
    /// into every page's footer.
    pub fn to_pdf(&self, title: &str) -> Vec<u8> {
        let pages = self.layout();
        let count = pages.len();
        let mut out = Pdf::default();
        // Fixed numbers: catalog 1, page tree 2, fonts 3 and 4, information 5; then each page
        // and its content.
        let page_id = |i: usize| 6 + 2 * i;
        out.object(1, "<< /Type /Catalog /Pages 2 0 R >>".as_bytes());
        let kids: Vec<String> = (0..count).map(|i| format!("{} 0 R", page_id(i))).collect();
        out.object(
            2,
            format!(
                "<< /Type /Pages /Kids [{}] /Count {count} >>",
                kids.join(" ")
            )
            .as_bytes(),
        );
        for (id, base) in [(3, "Helvetica"), (4, "Helvetica-Bold")] {
            out.object(
                id,
                format!("<< /Type /Font /Subtype /Type1 /BaseFont /{base} /Encoding /WinAnsiEncoding >>")
                    .as_bytes(),
            );
        }
        out.object(
            5,
            format!("<< /Title {} /Producer (Orka) >>", utf16_string(title)).as_bytes(),
        );
        for (i, mut content) in pages.into_iter().enumerate() {
            let footer = format!("{title} \u{b7} {} / {count}", i + 1);
            text_at(&mut content, Style::Small, MARGIN, FOOTER_Y, &footer);
            out.object(
                page_id(i),
                format!(
                    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] \
                     /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                    page_id(i) + 1
                )
                .as_bytes(),
            );
            let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
            stream.extend_from_slice(&content);
            stream.extend_from_slice(b"\nendstream");
            out.object(page_id(i) + 1, &stream);
        }
        out.finish(5 + 2 * count)
    }

    /// Each page's content stream, without its footer.
    fn layout(&self) -> Vec<Vec<u8>> {
        let top = PAGE_HEIGHT - MARGIN;
        let bottom = MARGIN;
        let width = PAGE_WIDTH - 2.0 * MARGIN;
        let mut pages = vec![Vec::new()];
        let mut y = top;
        for (n, block) in self.blocks.iter().enumerate() {
            let style = block.style;
            let indented = block.bullet || block.indent;
            let x = MARGIN + if indented { BULLET_INDENT } else { 0.0 };
            let width = width - if indented { BULLET_INDENT } else { 0.0 };
            let lines: Vec<String> = block
                .text
                .lines()
                .flat_map(|l| wrap(l, style, width))
                .collect();
            if y < top {
                y -= style.gap();
            }
            // A heading keeps its first line of text with it.
            let keep = if matches!(style, Style::Heading) && n + 1 < self.blocks.len() {
                self.blocks[n + 1].style.leading()
            } else {
                0.0
            };
            for (i, line) in lines.iter().enumerate() {
                let needed = style.leading() + if i == 0 { keep } else { 0.0 };
                if y - needed < bottom && y < top {
                    pages.push(Vec::new());
                    y = top;
                }
                y -= style.leading();
                let page = pages.last_mut().expect("there is always a page");
                if block.bullet && i == 0 {
                    text_at(page, Style::Body, MARGIN + 3.0, y, "\u{2022}");
                }
                // The first line of an item is bold, what wraps below it is not.
                let line_style = if matches!(style, Style::Strong) && i > 0 {
                    Style::Body
                } else {
                    style
                };
                text_at(page, line_style, x, y, line);
            }
        }
        pages
    }
}

fn text_at(content: &mut Vec<u8>, style: Style, x: f32, y: f32, text: &str) {
    content.extend_from_slice(
        format!(
            "BT /{} {} Tf {x:.2} {y:.2} Td ",
            style.font().name(),
            style.size()
        )
        .as_bytes(),
    );
    content.push(b'(');
    for byte in text.chars().map(win_ansi) {
        match byte {
            b'(' | b')' | b'\\' => content.extend_from_slice(&[b'\\', byte]),
            32..=126 => content.push(byte),
            _ => content.extend_from_slice(format!("\\{byte:03o}").as_bytes()),
        }
    }
    content.extend_from_slice(b") Tj ET\n");
}

/// Splits a line of text into lines that fit `width` points, at spaces where possible.
fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let font = style.font();
    let size = style.size();
    let measure = |s: &str| {
        s.chars()
            .map(|c| f32::from(glyph_width(font, c)))
            .sum::<f32>()
            * size
            / 1000.0
    };
    let mut lines = vec![];
    let mut line = String::new();
    for word in text.split_whitespace() {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if measure(&candidate) <= width {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // A word wider than the line (a long link, say) is broken where it must be.
        for c in word.chars() {
            line.push(c);
            if measure(&line) > width {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// The Windows-1252 code of a character, "?" for what the encoding lacks.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u8,
        '\t' => b' ',
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8a,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        'Ž' => 0x8e,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9a,
        '›' => 0x9b,
        'œ' => 0x9c,
        'ž' => 0x9e,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

// Advance widths in thousandths of the font size, from the fonts' Adobe metrics, for
// ' ' to '~'.
#[rustfmt::skip]
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
#[rustfmt::skip]
const HELVETICA_BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

fn glyph_width(font: Font, c: char) -> u16 {
    let table = match font {
        Font::Regular => &HELVETICA,
        Font::Bold => &HELVETICA_BOLD,
    };
    // An accented letter is as wide as its base letter.
    let base = match c {
        'À'..='Å' => 'A',
        'à'..='å' => 'a',
        'Ç' => 'C',
        'ç' => 'c',
        'È'..='Ë' => 'E',
        'è'..='ë' => 'e',
        'Ì'..='Ï' => 'I',
        'ì'..='ï' => 'i',
        'Ñ' => 'N',
        'ñ' => 'n',
        'Ò'..='Ö' | 'Ø' => 'O',
        'ò'..='ö' | 'ø' => 'o',
        'Ù'..='Ü' => 'U',
        'ù'..='ü' => 'u',
        'Ý' => 'Y',
        'ý' | 'ÿ' => 'y',
        '\u{a0}' | '\t' => ' ',
        c => c,
    };
    match base {
        ' '..='~' => table[base as usize - 32],
        '•' => 350,
        '…' | '—' | '‰' | '™' | 'Æ' => 1000,
        'æ' => 889,
        // Whatever else: as wide as an "M", so a line never runs past the margin.
        _ => 833,
    }
}

/// A text string for the document information: UTF-16 with a byte-order mark, in hex.
fn utf16_string(s: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in s.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

/// The file as it is written: objects one after another, then the cross-reference table
/// with each object's byte offset.
#[derive(Default)]
struct Pdf {
    bytes: Vec<u8>,
    offsets: Vec<(usize, usize)>,
}

impl Pdf {
    fn object(&mut self, id: usize, body: &[u8]) {
        if self.bytes.is_empty() {
            // The binary comment tells transfer tools the file is not text.
            self.bytes
                .extend_from_slice(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
        }
        self.offsets.push((id, self.bytes.len()));
        self.bytes
            .extend_from_slice(format!("{id} 0 obj\n").as_bytes());
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(b"\nendobj\n");
    }

    fn finish(mut self, last_id: usize) -> Vec<u8> {
        self.offsets.sort_unstable();
        let xref = self.bytes.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", last_id + 1);
        for (_, offset) in &self.offsets {
            table.push_str(&format!("{offset:010} 00000 n \n"));
        }
        table.push_str(&format!(
            "trailer\n<< /Size {} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            last_id + 1
        ));
        self.bytes.extend_from_slice(table.as_bytes());
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(pdf: &[u8]) -> String {
        let doc = lopdf::Document::load_mem(pdf).expect("a PDF a reader accepts");
        let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
        doc.extract_text(&pages).expect("its text")
    }

    #[test]
    fn a_reader_finds_the_text_in_swedish_and_the_title() {
        let mut d = Document::new();
        d.title("Plan för återgång – Åsa Öberg")
            .heading("Mål")
            .paragraph("Tillbaka på 100 % i mars (med stöd).")
            .item("Höj- och sänkbart skrivbord")
            .detail("Arbetsanpassning · Chef · senast 2026-12-01")
            .bullet("Vecka 1: 25 %");
        let pdf = d.to_pdf("Plan för återgång");
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        let text = text_of(&pdf);
        for expected in [
            "Plan för återgång – Åsa Öberg",
            "Mål",
            "Tillbaka på 100 % i mars (med stöd).",
            "Höj- och sänkbart skrivbord",
            "Arbetsanpassning · Chef · senast 2026-12-01",
            "Vecka 1: 25 %",
            "Plan för återgång · 1 / 1",
        ] {
            assert!(text.contains(expected), "{expected:?} not in {text:?}");
        }
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
        let title = doc.get_dictionary(info).unwrap().get(b"Title").unwrap();
        assert_eq!(
            lopdf::decode_text_string(title).unwrap(),
            "Plan för återgång"
        );
    }

    #[test]
    fn long_text_wraps_inside_the_margins_and_flows_onto_numbered_pages() {
        let sentence = "Anpassade arbetsuppgifter utan nattpass under de första veckorna. ";
        let mut d = Document::new();
        d.title("Lång plan");
        for i in 0..40 {
            d.heading(&format!("Del {i}"))
                .paragraph(&sentence.repeat(6));
        }
        let pdf = d.to_pdf("Lång plan");
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let pages = doc.get_pages();
        assert!(pages.len() > 3, "{} pages", pages.len());
        let last = pages.len();
        let text = text_of(&pdf);
        assert!(text.contains(&format!("Lång plan · {last} / {last}")));
        // Every word arrives, in order, however the lines were broken.
        let words: Vec<&str> = text.split_whitespace().collect();
        assert_eq!(words.iter().filter(|w| **w == "nattpass").count(), 240);
        assert_eq!(words.iter().filter(|w| w.starts_with("Del")).count(), 40);

        let width = PAGE_WIDTH - 2.0 * MARGIN;
        for line in wrap(&sentence.repeat(6), Style::Body, width) {
            let w: f32 = line
                .chars()
                .map(|c| f32::from(glyph_width(Font::Regular, c)))
                .sum::<f32>()
                * 10.5
                / 1000.0;
            assert!(w <= width, "{line:?} is {w} wide");
            assert!(!line.starts_with(' ') && !line.ends_with(' '));
        }
    }

    #[test]
    fn a_word_longer_than_a_line_is_broken_and_nothing_is_lost() {
        let url = format!("https://example.org/{}", "a".repeat(300));
        let lines = wrap(&url, Style::Body, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), url);
        assert_eq!(wrap("", Style::Body, 200.0), vec![String::new()]);
    }

    #[test]
    fn brackets_backslashes_and_characters_outside_the_fonts_are_safe() {
        let mut d = Document::new();
        d.paragraph("(a) \\ b) ) ( 漢字 emoji 🙂");
        let pdf = d.to_pdf("x");
        let text = text_of(&pdf);
        assert!(text.contains("(a) \\ b) ) ( ?? emoji ?"), "{text:?}");
    }

    #[test]
    fn the_cross_reference_table_points_at_every_object() {
        let mut d = Document::new();
        d.title("Ett").paragraph("två");
        let pdf = d.to_pdf("Ett");
        let at = |needle: &[u8]| {
            pdf.windows(needle.len())
                .rposition(|w| w == needle)
                .unwrap()
        };
        let tail = std::str::from_utf8(&pdf[at(b"startxref\n")..]).unwrap();
        let start: usize = tail.lines().nth(1).unwrap().parse().unwrap();
        let table = std::str::from_utf8(&pdf[start..]).unwrap();
        assert!(table.starts_with("xref\n0 8\n0000000000 65535 f \n"));
        for (id, entry) in table.lines().skip(3).take(7).enumerate() {
            assert_eq!(entry.len(), 19, "20 bytes with the line end");
            let offset: usize = entry[..10].parse().unwrap();
            let object = format!("{} 0 obj\n", id + 1);
            assert!(
                pdf[offset..].starts_with(object.as_bytes()),
                "object {}",
                id + 1
            );
        }
    }
}
