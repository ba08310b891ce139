import Foundation

/// The escaping every OOXML part we write goes through, shared with the DOCX writer (Documents) so both agree on
/// which characters XML 1.0 cannot carry: one of them slipping through makes Word or Excel call the file corrupt.
public enum XMLText {
    /// Markup characters escaped (quotes too, so the result is safe in attributes); control characters other than
    /// tab, LF and CR, and U+FFFE/U+FFFF, dropped.
    public static func escaped(_ text: String) -> String {
        XLSXWriter.escape(text)
    }
}
