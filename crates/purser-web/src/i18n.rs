//! The console's words in English and Traditional Chinese, chosen by the user's language.

use purser_domain::customers::Language;

/// A lookup of console strings for one language; missing keys fall back to the key.
#[derive(Clone, Copy)]
pub struct T(pub Language);

impl T {
    pub fn s(&self, key: &str) -> &'static str {
        let zh = self.0 == Language::ZhTw;
        for (k, en, tw) in WORDS {
            if *k == key {
                return if zh { tw } else { en };
            }
        }
        "?"
    }

    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }
}

const WORDS: &[(&str, &str, &str)] = &[
    ("app", "Purser", "Purser 客服台"),
    ("customers", "Customers", "客戶"),
    ("admin", "Administration", "系統管理"),
    ("users", "Users", "使用者"),
    ("departments", "Departments", "部門"),
    ("tokens", "API tokens", "API 金鑰"),
    ("account", "My account", "我的帳號"),
    ("logout", "Log out", "登出"),
    ("login", "Log in", "登入"),
    ("email", "E-mail", "電子郵件"),
    ("password", "Password", "密碼"),
    ("search", "Search", "搜尋"),
    (
        "search_hint",
        "Name, Chinese name, tax id, contact or e-mail",
        "名稱、中文名稱、統一編號、聯絡人或電子郵件",
    ),
    ("new_customer", "New customer", "新增客戶"),
    ("number", "No.", "編號"),
    ("legal_name", "Legal name", "公司名稱"),
    ("local_name", "Local-script name", "中文名稱"),
    ("tier", "Tier", "等級"),
    ("key_account", "Key account", "重點客戶"),
    ("status", "Status", "狀態"),
    ("owner", "Account owner", "負責客服"),
    ("sales_owner", "Sales owner", "業務負責人"),
    (
        "main_office",
        "Main office (UN/LOCODE)",
        "總部港口代碼 (UN/LOCODE)",
    ),
    ("language", "Language", "語言"),
    ("channel", "Preferred channel", "偏好聯絡方式"),
    ("time_zone", "Time zone", "時區"),
    ("registration_id", "Registration id", "登記編號"),
    ("tax_id", "Tax id", "統一編號"),
    ("service_requirements", "Service requirements", "服務要求"),
    ("contacts", "Contacts", "聯絡人"),
    ("contracts", "Service contracts", "服務合約"),
    ("activities", "Relationship activities", "客戶關係活動"),
    ("audit", "History", "變更紀錄"),
    ("edit", "Edit", "編輯"),
    ("save", "Save", "儲存"),
    ("cancel", "Cancel", "取消"),
    ("all", "All", "全部"),
    ("sort", "Sort", "排序"),
    ("next", "Next page", "下一頁"),
    ("first", "First page", "第一頁"),
    ("results", "results", "筆結果"),
    ("none", "None yet.", "尚無資料。"),
    ("name", "Name", "姓名"),
    ("role", "Role", "職務"),
    ("phones", "Phones", "電話"),
    ("portal", "Portal access", "入口網站權限"),
    ("reference", "Reference", "合約編號"),
    ("validity", "Validity", "有效期間"),
    ("lanes", "Lanes", "航線"),
    ("kind", "Kind", "類型"),
    ("when", "When", "時間"),
    ("subject", "Subject", "主旨"),
    ("who", "Who", "人員"),
    ("action", "Action", "動作"),
    ("changes", "Changes", "變更內容"),
    ("duplicates", "Possible duplicates", "可能重複的客戶"),
    ("add_contact", "Add contact", "新增聯絡人"),
    ("add_activity", "Log activity", "記錄活動"),
    ("notes", "Notes", "備註"),
    (
        "errors",
        "Please correct the marked fields.",
        "請修正標示的欄位。",
    ),
    (
        "stale",
        "Someone else changed this record meanwhile. Reload it and apply your change again.",
        "此紀錄已被他人修改，請重新載入後再修改。",
    ),
    ("add_user", "Add user", "新增使用者"),
    ("add_department", "Add department", "新增部門"),
    ("create_token", "Create token", "建立金鑰"),
    ("revoke", "Revoke", "撤銷"),
    (
        "token_once",
        "Copy this token now; it will not be shown again:",
        "請立即複製此金鑰，之後將不再顯示：",
    ),
    ("change_password", "Change password", "變更密碼"),
    ("current_password", "Current password", "目前密碼"),
    ("new_password", "New password", "新密碼"),
    ("saved", "Saved.", "已儲存。"),
    (
        "bad_login",
        "E-mail or password is wrong.",
        "電子郵件或密碼錯誤。",
    ),
    (
        "throttled",
        "Too many attempts. Try again in 15 minutes.",
        "嘗試次數過多，請 15 分鐘後再試。",
    ),
    ("notifications", "Notifications", "通知"),
    ("handover", "Hand-over from sales", "業務移交"),
    (
        "start_handover",
        "Hand over to customer service",
        "移交客服",
    ),
    ("complete_handover", "Complete hand-over", "完成移交"),
    ("last_used", "Last used", "最後使用"),
    ("created", "Created", "建立時間"),
    ("active", "Active", "啟用"),
    ("department", "Department", "部門"),
    ("customer", "Customer", "客戶"),
    ("yes", "yes", "是"),
    ("no", "no", "否"),
    ("api_docs", "API", "API 文件"),
    ("skip", "Skip to content", "跳至主要內容"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_has_both_languages_and_keys_are_unique() {
        let mut keys: Vec<&str> = WORDS.iter().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate key");
        for (k, en, tw) in WORDS {
            assert!(!en.is_empty() && !tw.is_empty(), "{k}");
        }
        assert_eq!(T(Language::ZhTw).s("customers"), "客戶");
        assert_eq!(T(Language::En).s("customers"), "Customers");
    }
}
