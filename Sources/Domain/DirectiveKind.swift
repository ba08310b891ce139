/// The kinds of directive documents (văn bản chỉ đạo) that come down the tree, with the abbreviation their
/// number carries (QĐ 933/QĐ-TLĐ: "18/KH-CĐVC"; a công văn has none: "4173/TLĐ-ToC"). Stored by code.
public enum DirectiveKind: String, CaseIterable, Sendable, Codable {
    case chiThi = "chi_thi"
    case nghiQuyet = "nghi_quyet"
    case ketLuan = "ket_luan"
    case keHoach = "ke_hoach"
    case chuongTrinh = "chuong_trinh"
    case deAn = "de_an"
    case huongDan = "huong_dan"
    case quyetDinh = "quyet_dinh"
    case thongBao = "thong_bao"
    case congVan = "cong_van"

    public var label: String {
        switch self {
        case .chiThi: "Chỉ thị"
        case .nghiQuyet: "Nghị quyết"
        case .ketLuan: "Kết luận"
        case .keHoach: "Kế hoạch"
        case .chuongTrinh: "Chương trình"
        case .deAn: "Đề án"
        case .huongDan: "Hướng dẫn"
        case .quyetDinh: "Quyết định"
        case .thongBao: "Thông báo"
        case .congVan: "Công văn"
        }
    }

    public var labelEN: String {
        switch self {
        case .chiThi: "Directive"
        case .nghiQuyet: "Resolution"
        case .ketLuan: "Conclusion"
        case .keHoach: "Plan"
        case .chuongTrinh: "Programme"
        case .deAn: "Scheme"
        case .huongDan: "Guidance"
        case .quyetDinh: "Decision"
        case .thongBao: "Notice"
        case .congVan: "Official letter"
        }
    }

    /// The abbreviation in the number ("KH" in 18/KH-CĐVC); nil for a công văn.
    public var abbreviation: String? {
        switch self {
        case .chiThi: "CT"
        case .nghiQuyet: "NQ"
        case .ketLuan: "KL"
        case .keHoach: "KH"
        case .chuongTrinh: "CTr"
        case .deAn: "ĐA"
        case .huongDan: "HD"
        case .quyetDinh: "QĐ"
        case .thongBao: "TB"
        case .congVan: nil
        }
    }
}

/// The number and symbol of a document as typed ("Số: 18/KH-CĐVC", "08-ĐA/ĐUK", "4173/TLĐ-ToC"): the "Số:"
/// prefix dropped, spaces around "/" and "-" closed up; it must start with the document's number and carry a
/// symbol after "/" or "-".
public enum DirectiveNumber {
    public struct Problem: Error, Sendable, Equatable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    public static func normalize(_ raw: String) -> Result<String, Problem> {
        var text = VietnameseText.clean(raw)
        for prefix in ["Số:", "số:", "SỐ:", "Số", "số", "SỐ"] where text.hasPrefix(prefix) {
            text = VietnameseText.clean(String(text.dropFirst(prefix.count)))
            break
        }
        text = text.replacingOccurrences(of: " / ", with: "/").replacingOccurrences(of: " /", with: "/").replacingOccurrences(of: "/ ", with: "/")
            .replacingOccurrences(of: " - ", with: "-").replacingOccurrences(of: " -", with: "-").replacingOccurrences(of: "- ", with: "-")
        if text.isEmpty { return .failure(Problem("Số, ký hiệu: hãy ghi số và ký hiệu của văn bản, ví dụ 18/KH-CĐVC.")) }
        if text.count > 60 { return .failure(Problem("Số, ký hiệu: tối đa 60 ký tự.")) }
        guard let first = text.unicodeScalars.first, ("0"..."9").contains(first) else {
            return .failure(Problem("Số, ký hiệu: phải bắt đầu bằng số của văn bản, ví dụ 18/KH-CĐVC hoặc 4173/TLĐ-ToC."))
        }
        guard text.contains("/") || text.contains("-") else {
            return .failure(Problem("Số, ký hiệu: thiếu ký hiệu sau dấu / hoặc -, ví dụ 18/KH-CĐVC."))
        }
        return .success(text)
    }
}
