import Domain
import Foundation
import Spreadsheet

/// The spreadsheet an official downloads to fill in: the columns the import reads (the first sheet, the one it reads
/// back), a sheet that says how to write each column, and the lists to choose from, offered as a drop-down on each
/// column that has one. Built from plain values, so a test can call it without a database.
enum ImportTemplate {
    struct Column {
        var header: String
        var required: String
        var how: String
        var example: String
        /// The values offered in the drop-down, when the column has a list.
        var list: [String]? = nil
        /// Ids and phone numbers: typed values stay text, so a leading 0 is not lost.
        var text = false
        /// The list is the official's units (their codes, with names beside them on the list sheet).
        var units = false
        /// In Excel character units; by default the header's length.
        var width: Double? = nil
    }

    /// More units than this are not listed: a national administrator's list would be larger than the file is useful.
    static let unitLimit = 20_000

    static let dataSheet: [Importer.Kind: String] = [.units: "Đơn vị", .members: "Đoàn viên"]
    static let guideSheet = "Hướng dẫn"
    static let listSheet = "Danh mục"

    static func columns(_ kind: Importer.Kind, units: [(code: String, name: String)], kinds: [String]) -> [Column] {
        let codes = units.map(\.code)
        let date = "Ngày/tháng/năm, năm đủ 4 chữ số (dd/mm/yyyy); ô kiểu ngày của Excel cũng được."
        switch kind {
        case .members: return [
            Column(header: "Họ và tên", required: "Bắt buộc", how: "Họ, tên đệm và tên, viết có dấu.", example: "Nguyễn Thị Hoa", width: 26),
            Column(header: "Ngày sinh", required: "Bắt buộc", how: date + " Tuổi từ \(MemberRules.minimumAge) đến \(MemberRules.maximumAge).",
                   example: "15/03/1990"),
            Column(header: "Giới tính", required: "Bắt buộc", how: "Nam hoặc Nữ.", example: "Nữ", list: Gender.allCases.map(\.label)),
            Column(header: "Dân tộc", required: "Không", how: "Tên một trong 54 dân tộc Việt Nam; để trống nếu chưa rõ.", example: "Kinh",
                   list: Ethnicity.all),
            Column(header: "Số CCCD", required: "Bắt buộc với người quốc tịch Việt Nam",
                   how: "Đủ 12 chữ số, kể cả số 0 ở đầu. Cột này giữ nguyên chữ số như đã gõ.", example: "001190012345", text: true),
            Column(header: "Mã đơn vị", required: "Bắt buộc", how: "Mã đơn vị nơi đoàn viên sinh hoạt: chọn trong danh sách (trang «\(listSheet)» có cả tên đơn vị). Ghi tên đơn vị thay cho mã cũng được, khi không đơn vị nào khác trùng tên.",
                   example: codes.first ?? "A1", list: codes, units: true),
            Column(header: "Ngày vào Công đoàn", required: "Bắt buộc", how: date + " Không sớm hơn ngày đủ \(MemberRules.minimumAge) tuổi.",
                   example: "01/09/2015"),
            Column(header: "Số thẻ đoàn viên", required: "Không", how: "Tối đa 30 ký tự.", example: "", text: true),
            Column(header: "Chức vụ", required: "Không", how: "Chức vụ chính quyền, công đoàn, Đảng nếu có; tối đa 500 ký tự.", example: "Tổ trưởng tổ công đoàn", width: 24),
            Column(header: "Nhiệm vụ được giao", required: "Không",
                   how: "Công việc được giao, để đối chiếu với việc làm đăng ký theo Chỉ thị 05; tối đa 500 ký tự.", example: "Giảng dạy môn Toán lớp 10",
                   width: 36),
            Column(header: "Trình độ chuyên môn", required: "Bắt buộc", how: "Một trong danh sách.", example: EducationLevel.bachelor.label,
                   list: EducationLevel.allCases.map(\.label)),
            Column(header: "Lý luận chính trị", required: "Không", how: "Một trong danh sách, hoặc để trống.", example: "",
                   list: PoliticalTheory.allCases.map(\.label)),
            Column(header: "Ngày vào Đảng", required: "Không", how: date + " Để trống nếu không phải đảng viên.", example: ""),
            Column(header: "Số điện thoại", required: "Không", how: "10 chữ số bắt đầu bằng 0, hoặc +84 thay cho số 0 đầu.", example: "0912345678", text: true),
            Column(header: "Email", required: "Không", how: "Một địa chỉ thư điện tử.", example: "hoa@example.vn", width: 24),
        ]
        case .units: return [
            Column(header: "Mã đơn vị", required: "Bắt buộc",
                   how: "Mã riêng của đơn vị: 1 đến 40 ký tự, chữ cái không dấu, chữ số, dấu chấm, gạch dưới, gạch nối.", example: "CDCS-THPT-A"),
            Column(header: "Tên đơn vị", required: "Bắt buộc", how: "Tên đầy đủ, viết có dấu.", example: "Công đoàn Trường THPT A", width: 36),
            Column(header: "Loại đơn vị", required: "Bắt buộc", how: "Một loại trong danh mục; viết tắt hay viết đủ đều được (CĐCS, Công đoàn cơ sở).",
                   example: kinds.first ?? "", list: kinds),
            Column(header: "Mã đơn vị cấp trên", required: "Bắt buộc, trừ đơn vị cao nhất",
                   how: "Mã một đơn vị đã có (chọn trong danh sách) hoặc mã một đơn vị khác trong cùng tệp. Ghi tên đơn vị thay cho mã cũng được, khi không đơn vị nào khác trùng tên.", example: codes.first ?? "",
                   list: codes, units: true),
            Column(header: "Chi bộ", required: "Không",
                   how: "Chi bộ Đảng sinh hoạt ở đơn vị: một chi bộ đã có ở đơn vị hoặc cấp trên, trừ khi cột «Tạo chi bộ mới» ghi x.", example: ""),
            Column(header: "Tạo chi bộ mới", required: "Không", how: "Ghi x để tạo chi bộ mới có tên ở cột «Chi bộ».", example: ""),
        ]
        case .registrations: return []
        }
    }

    /// What every file of this kind may also do, said once under the columns.
    static func notes(_ kind: Importer.Kind, unitsCut: Bool) -> [String] {
        var notes = [
            "Giữ dòng tiêu đề như mẫu. Tên cột quen dùng cũng được nhận (Họ tên, CCCD, SĐT…); có thể có dòng tên danh sách ở trên tiêu đề, cột STT và cột Ghi chú.",
            "Tải tệp lên để kiểm tra trước: chưa ghi gì cho đến khi bấm xác nhận, và nếu có dòng lỗi thì không dòng nào được ghi. Nhập lại cùng một tệp không tạo bản ghi trùng.",
        ]
        if kind == .members {
            notes.append("Họ và tên có thể tách làm hai cột «Họ đệm» và «Tên».")
            notes.append("Người nước ngoài: thêm cột «Quốc tịch» và «Số hộ chiếu» sau cột Email, để trống Số CCCD.")
        }
        if unitsCut {
            notes.append("Danh sách mã đơn vị chỉ gồm \(VNFormat.integer(unitLimit)) đơn vị đầu theo tên; mã khác tra trên trang cây đơn vị.")
        }
        return notes
    }

    static func workbook(_ kind: Importer.Kind, units all: [(code: String, name: String)], kinds: [String]) throws -> Data {
        let unitsCut = all.count > unitLimit
        let units = Array(all.prefix(unitLimit))
        let columns = columns(kind, units: units, kinds: kinds)
        let data = dataSheet[kind] ?? "Dữ liệu"
        // The lists side by side on one sheet, each under its column's name; the units once, their names beside the codes.
        var lists: [(title: String, values: [String])] = []
        var choices: [XLSXWriter.ListChoice] = []
        for (i, column) in columns.enumerated() {
            guard let values = column.list, !values.isEmpty else { continue }
            let title = column.units ? "Mã đơn vị" : column.header
            let at = lists.firstIndex { $0.title == title } ?? {
                lists.append((title, values))
                if column.units { lists.append(("Tên đơn vị", units.map(\.name))) }
                return column.units ? lists.count - 2 : lists.count - 1
            }()
            choices.append(.init(column: i, sourceSheet: listSheet, sourceColumn: at, sourceRows: 2 ... values.count + 1,
                                 message: "Giá trị không có trong danh sách ở trang «\(listSheet)»."))
        }
        let height = lists.map(\.values.count).max() ?? 0
        let listRows: [[XLSXWriter.Value]] = [lists.map { .text($0.title) }] + (0 ..< height).map { r in
            lists.map { r < $0.values.count ? .text($0.values[r]) : .empty }
        }
        let guideRows: [[XLSXWriter.Value]] = [["Cột", "Bắt buộc", "Cách ghi", "Ví dụ"].map { .text($0) }]
            + columns.map { [.text($0.header), .text($0.required), .text($0.how), .text($0.example)] }
            + notes(kind, unitsCut: unitsCut).enumerated().map { [.text($0.offset == 0 ? "Lưu ý" : ""), .empty, .text($0.element)] }
        return try XLSXWriter.workbook(sheets: [
            .init(name: data, rows: [columns.map { .text($0.header) }], columnWidths: columns.map { $0.width ?? max(14, Double($0.header.count) + 4) },
                  freezeHeader: true, lists: choices, textColumns: Set(columns.indices.filter { columns[$0].text })),
            .init(name: guideSheet, rows: guideRows, columnWidths: [22, 18, 60, 22], freezeHeader: true, wrapColumns: [0, 1, 2, 3]),
            .init(name: listSheet, rows: listRows, columnWidths: lists.map { $0.title == "Tên đơn vị" ? 40 : max(16, Double($0.title.count) + 4) },
                  freezeHeader: true),
        ])
    }
}
