//! Ports read with their names beside the code ("TWKHH Kaohsiung", "TWKHH 高雄") in the
//! reader's language, from the domain's port table (`purser_domain::ports`).

use crate::i18n::T;

impl T {
    /// A UN/LOCODE as pages show it: the code, then the port's name when it is known.
    pub fn port(&self, code: &str) -> String {
        purser_domain::ports::labelled(code, self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use purser_domain::customers::Language;

    #[test]
    fn a_port_reads_with_its_name_in_the_readers_language() {
        assert_eq!(T(Language::En).port("NLRTM"), "NLRTM Rotterdam");
        assert_eq!(T(Language::ZhTw).port("NLRTM"), "NLRTM 鹿特丹");
    }
}
