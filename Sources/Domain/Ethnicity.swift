/// The 54 ethnic groups officially recognised in Vietnam (Decision 121-TCTK/PPCĐ), in the order of the
/// General Statistics Office's list, with their standard Vietnamese names.
public enum Ethnicity {
    public static let all: [String] = [
        "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
        "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai", "Mnông",
        "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ", "Giẻ Triêng", "Co",
        "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "Kháng", "La Chí", "Phù Lá", "La Hủ", "La Ha",
        "Pà Thẻn", "Chứt", "Lự", "Lô Lô", "Mảng", "Cờ Lao", "Bố Y", "Cống", "Ngái", "Si La",
        "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
    ]

    /// Older or hyphenated spellings still common on documents, beyond what key folding already
    /// unifies ("Ba-na", "Gia-rai", "Xơ-đăng", "Êđê", "Bru Vân Kiều", "Giẻ-Triêng" need no entry).
    private static let aliases: [String: String] = [
        "hmong": "Mông",
        "khome": "Khmer",
        "viet": "Kinh",
    ]

    private static let lookup: [String: String] = {
        var table: [String: String] = [:]
        for name in all { table[key(name)] = name }
        for (alias, name) in aliases { table[alias] = name }
        return table
    }()

    /// The standard name for a spelling of an ethnic group, or nil if it is not one of the 54.
    /// Case, diacritics, spaces, hyphens and apostrophes are ignored.
    public static func canonical(_ text: String) -> String? {
        let folded = key(text)
        return folded.isEmpty ? nil : lookup[folded]
    }

    private static func key(_ text: String) -> String {
        String(VietnameseText.fold(text).unicodeScalars.filter { scalar in
            switch scalar.value {
            case 0x20, 0x2D, 0x27, 0x2010...0x2015, 0x2018, 0x2019, 0x02BC: return false
            default: return true
            }
        }.map(Character.init))
    }
}
