//! Search's words (issue 15, item 4), looked up with the console's list.

pub(super) const WORDS: &[(&str, &str, &str)] = &[
    (
        "search_words",
        "Words, references or filters",
        "關鍵字、單號或篩選條件",
    ),
    ("search_none", "Nothing found.", "找不到相符的資料。"),
    ("search_box_hint", "Search (press /)", "搜尋（按 /）"),
    ("searchkind.case", "Cases", "案件"),
    ("searchkind.message", "Messages", "訊息"),
    ("searchkind.attachment", "Attachments", "附件"),
    ("searchkind.customer", "Customers", "客戶"),
    ("searchkind.contact", "Contacts", "聯絡人"),
    ("searchkind.shipment", "Shipments", "貨運"),
    ("searchkind.booking", "Bookings", "訂艙"),
    ("searchkind.container", "Containers", "貨櫃"),
    ("searchkind.bl", "Bills of lading", "提單"),
    ("searchkind.vessel", "Vessels", "船舶"),
    ("searchkind.article", "Articles", "文章"),
];
