//! Forms with files (`multipart/form-data`): the text fields as a map, the files as the
//! attachments the conversation use cases take.

use axum::extract::Multipart;
use purser_app::AppError;
use purser_app::cases::conversation::{AttachmentInput, MAX_ATTACHMENTS_TOTAL};
use std::collections::BTreeMap;

/// The body limit of routes that take files: the attachments and room for the text.
pub const MAX_BODY: usize = MAX_ATTACHMENTS_TOTAL + 1024 * 1024;

/// A posted form: text fields by name (the last one wins) and the files chosen.
pub struct Posted {
    pub fields: BTreeMap<String, String>,
    pub files: Vec<AttachmentInput>,
}

/// The last path segment of a browser-sent file name, without control characters.
fn base_name(name: &str) -> String {
    name.rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

/// Reads the whole form. A file input left empty sends a part without a name and no bytes;
/// it is skipped. A body over the limit is a field error on `attachments`.
pub async fn read(mut m: Multipart) -> Result<Posted, AppError> {
    let too_big = || AppError::field("attachments", "are larger than 20 MB together");
    let mut fields = BTreeMap::new();
    let mut files = Vec::new();
    while let Some(part) = m.next_field().await.map_err(|_| too_big())? {
        let name = part.name().unwrap_or("").to_string();
        match part.file_name().map(base_name) {
            Some(filename) => {
                let content_type = part
                    .content_type()
                    .unwrap_or("application/octet-stream")
                    .to_string();
                let data = part.bytes().await.map_err(|_| too_big())?;
                if filename.is_empty() && data.is_empty() {
                    continue;
                }
                files.push(AttachmentInput {
                    filename,
                    content_type,
                    data: data.to_vec(),
                    data_base64: String::new(),
                });
            }
            None => {
                let mut text = part.text().await.map_err(|_| too_big())?;
                purser_domain::text::make_line_breaks_lf(&mut text);
                fields.insert(name, text);
            }
        }
    }
    Ok(Posted { fields, files })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_file_name_keeps_only_its_last_segment() {
        assert_eq!(
            super::base_name("C:\\Users\\amy\\B-L draft.pdf"),
            "B-L draft.pdf"
        );
        assert_eq!(super::base_name("../../etc/passwd"), "passwd");
        assert_eq!(super::base_name("報價單.xlsx"), "報價單.xlsx");
    }
}
