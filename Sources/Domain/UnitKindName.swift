/// How officials write a kind of unit. The catalogue says "CĐCS" and "LĐLĐ tỉnh"; a spreadsheet may say "Công đoàn cơ
/// sở", "CDCS" or "Liên đoàn Lao động tỉnh", and "Công đoàn xã, phường" may come without its comma. All of them are
/// the same kind, so they are compared on one key: folded, the union's abbreviations written out, punctuation gone.
public enum UnitKindName {
    /// The abbreviations of the union's own names, folded, and what they stand for. Longest first, so "cdcs" is not
    /// read as "cd" followed by "cs".
    static let abbreviations: [(String, [String])] = [
        ("cdcs", ["cong", "doan", "co", "so"]),
        ("ldld", ["lien", "doan", "lao", "dong"]),
        ("tld", ["tong", "lien", "doan"]),
        ("cd", ["cong", "doan"]),
    ]

    /// The key two ways of writing one kind share: "CĐCS thành viên" and "công đoàn cơ sở thành viên" both give
    /// "cong doan co so thanh vien".
    public static func key(_ text: String) -> String {
        let spaced = String(VietnameseText.fold(text).map { (c: Character) -> Character in c.isLetter || c.isNumber ? c : " " })
        let words = spaced.split(separator: " ").map(String.init)
        return words.flatMap { (word: String) -> [String] in abbreviations.first { $0.0 == word }?.1 ?? [word] }.joined(separator: " ")
    }
}
