import Domain
import Foundation

/// A deterministic, realistic-looking province federation: the demo and the benchmarks use the same one.
/// Rows come out in the import templates' column order, so they go through the real importer.
struct Synthetic {
    var rng = SplitMix64(seed: 20_250_701)
    let today: CivilDate

    init(today: CivilDate = .today()) { self.today = today }

    static let familyNames = ["Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ",
                              "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đinh", "Lương", "Trịnh", "Mai", "Tạ", "Hà", "Lâm", "Chu", "Ma", "Nông"]
    static let maleMiddle = ["Văn", "Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Tiến", "Mạnh", "Công", "Ngọc"]
    static let femaleMiddle = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Thúy", "Bích"]
    static let maleGiven = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Long", "Minh",
                            "Nam", "Nghĩa", "Phong", "Quân", "Sơn", "Thắng", "Thành", "Trung", "Tuấn", "Việt", "Vinh", "Toàn", "Lâm", "Đạt", "Khoa", "Ân"]
    static let femaleGiven = ["An", "Anh", "Ánh", "Bích", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hoa", "Hương", "Huyền", "Lan", "Linh",
                              "Loan", "Mai", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thu", "Thủy", "Trang", "Vân", "Yến", "Đào"]
    static let ethnicities = ["Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Tày", "Nùng", "Dao", "Sán Dìu", "Mông", "Sán Chay"]
    static let jobs: [(String, String)] = [
        ("Giáo viên", "Giảng dạy môn Toán khối 10, chủ nhiệm lớp"), ("Giáo viên", "Giảng dạy môn Ngữ văn, phụ trách thư viện"),
        ("Kế toán", "Kế toán thanh toán, quản lý quỹ công đoàn"), ("Chuyên viên", "Tham mưu công tác tổ chức cán bộ"),
        ("Công nhân", "Vận hành dây chuyền may tổ 3"), ("Công nhân", "Lắp ráp linh kiện điện tử ca 2"), ("Kỹ sư", "Bảo trì thiết bị nhà máy"),
        ("Nhân viên", "Văn thư, lưu trữ hồ sơ"), ("Bác sĩ", "Khám, điều trị tại khoa Nội"), ("Điều dưỡng", "Chăm sóc người bệnh khoa Nhi"),
        ("Trưởng phòng", "Phụ trách phòng Hành chính – Tổng hợp"), ("Tổ trưởng", "Điều hành tổ sản xuất, an toàn lao động"),
    ]

    mutating func pick<T>(_ list: [T]) -> T { list[Int.random(in: 0..<list.count, using: &rng)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    struct UnitSpec { var code: String; var name: String; var kind: String; var parent: String; var cell: String }

    /// The tree: the confederation, one province federation with every kind of unit below it.
    mutating func units(grassroots: Int) -> [UnitSpec] {
        var out: [UnitSpec] = [
            .init(code: "TLD", name: "Tổng Liên đoàn Lao động Việt Nam", kind: "Tổng Liên đoàn", parent: "", cell: ""),
            .init(code: "TN", name: "Liên đoàn Lao động tỉnh Thái Nguyên", kind: "LĐLĐ tỉnh", parent: "TLD", cell: "Chi bộ Cơ quan LĐLĐ tỉnh"),
            .init(code: "TN-GD", name: "Công đoàn ngành Giáo dục tỉnh", kind: "Công đoàn ngành", parent: "TN", cell: "Chi bộ Công đoàn ngành Giáo dục"),
            .init(code: "TN-YT", name: "Công đoàn ngành Y tế tỉnh", kind: "Công đoàn ngành", parent: "TN", cell: "Chi bộ Công đoàn ngành Y tế"),
            .init(code: "TN-VC", name: "Công đoàn Viên chức tỉnh", kind: "Công đoàn cấp trên cơ sở", parent: "TN", cell: "Chi bộ Công đoàn Viên chức"),
            .init(code: "TN-KCN", name: "Công đoàn các Khu công nghiệp tỉnh", kind: "Công đoàn cấp trên cơ sở", parent: "TN", cell: "Chi bộ Công đoàn các KCN"),
            .init(code: "TN-PDP", name: "Công đoàn phường Phan Đình Phùng", kind: "Công đoàn xã, phường", parent: "TN", cell: "Chi bộ phường Phan Đình Phùng"),
            .init(code: "TN-PY", name: "Công đoàn phường Phổ Yên", kind: "Công đoàn xã, phường", parent: "TN", cell: "Chi bộ phường Phổ Yên"),
        ]
        let parents = ["TN-GD", "TN-YT", "TN-VC", "TN-KCN", "TN-PDP", "TN-PY"]
        let names: [String: [String]] = [
            "TN-GD": ["Trường THPT Chu Văn An", "Trường THPT Lương Ngọc Quyến", "Trường THCS Nha Trang", "Trường Tiểu học Đội Cấn", "Trường THPT Gang Thép", "Trường Mầm non Hoa Sen"],
            "TN-YT": ["Bệnh viện Đa khoa tỉnh", "Bệnh viện A", "Trung tâm Kiểm soát bệnh tật tỉnh", "Bệnh viện Y học cổ truyền"],
            "TN-VC": ["Sở Tư pháp", "Ủy ban MTTQ tỉnh", "Sở Tài chính", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Kho bạc Nhà nước tỉnh"],
            "TN-KCN": ["Công ty TNHH Samsung Electronics Việt Nam Thái Nguyên", "Công ty CP May Việt Thái", "Công ty TNHH Điện tử Đông Á", "Công ty CP Thép Tân Phú"],
            "TN-PDP": ["Công ty CP Chè Tân Cương", "Hợp tác xã Dịch vụ Đồng Quang", "Công ty TNHH In Thái Nguyên"],
            "TN-PY": ["Công ty CP Gạch Phổ Yên", "Công ty TNHH Cơ khí Trung Thành", "Công ty CP Vận tải Phổ Yên"],
        ]
        for i in 0..<grassroots {
            let parent = parents[i % parents.count]
            let base = names[parent]![(i / parents.count) % names[parent]!.count]
            let round = i / (parents.count * names[parent]!.count)
            let name = round == 0 ? base : "\(base) – cơ sở \(round + 1)"
            let code = String(format: "TN-CS%04d", i + 1)
            out.append(.init(code: code, name: "Công đoàn " + name, kind: "CĐCS", parent: parent, cell: "Chi bộ " + name))
            // Large grassroots unions get sub-unions and groups; one in ten has member grassroots unions.
            if i % 10 == 3 {
                out.append(.init(code: code + "-TV1", name: "Công đoàn cơ sở thành viên Nhà máy số 1", kind: "CĐCS thành viên", parent: code, cell: "Chi bộ " + name))
            }
            if i % 3 == 0 {
                out.append(.init(code: code + "-BP1", name: "Công đoàn bộ phận Hành chính", kind: "Công đoàn bộ phận", parent: code, cell: "Chi bộ " + name))
                out.append(.init(code: code + "-BP1-T1", name: "Tổ công đoàn Văn phòng", kind: "Tổ công đoàn", parent: code + "-BP1", cell: ""))
            }
        }
        return out
    }

    static let unitHeader = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Chi bộ", "Tạo chi bộ mới"]

    /// A cell is declared ("x") at the first unit that names it; units below name it and find it above them.
    func unitRows(_ units: [UnitSpec]) -> [[String]] {
        let cellOf = Dictionary(units.map { ($0.code, $0.cell) }, uniquingKeysWith: { a, _ in a })
        return [Self.unitHeader] + units.map { u in
            let declared = !u.cell.isEmpty && cellOf[u.parent] != u.cell
            return [u.code, u.name, u.kind, u.parent, u.cell, declared ? "x" : ""]
        }
    }

    /// Members spread over the units that hold members (not the top levels), in template column order.
    mutating func memberRows(count: Int, units: [UnitSpec]) -> [[String]] {
        let holders = units.filter { !["Tổng Liên đoàn", "LĐLĐ tỉnh"].contains($0.kind) }.map(\.code)
        var rows: [[String]] = [Importer.Kind.members.headers]
        rows.reserveCapacity(count + 1)
        let provinces = Array(CitizenID.provinceCodes).sorted()
        for i in 0..<count {
            let female = chance(0.48)
            let gender: Gender = female ? .female : .male
            let name = [pick(Self.familyNames), pick(female ? Self.femaleMiddle : Self.maleMiddle), pick(female ? Self.femaleGiven : Self.maleGiven)].joined(separator: " ")
            let birthYear = today.year - Int.random(in: 22...58, using: &rng)
            let birth = CivilDate(year: birthYear, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
            let province = chance(0.7) ? "019" : pick(provinces)
            let cccd = CitizenID.make(provinceCode: province, gender: gender, birthYear: birthYear, serial: i % 1_000_000)
            let joinYear = min(today.year - 1, birthYear + Int.random(in: 21...30, using: &rng))
            let joined = CivilDate(year: joinYear, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!
            let education: EducationLevel = {
                let r = Double.random(in: 0..<1, using: &rng)
                return r < 0.005 ? .doctorate : r < 0.25 ? .master : r < 0.80 ? .bachelor : r < 0.90 ? .college : r < 0.96 ? .intermediate : r < 0.98 ? .elementary : .none
            }()
            let theory: PoliticalTheory? = {
                let r = Double.random(in: 0..<1, using: &rng)
                return r < 0.05 ? .advanced : r < 0.19 ? .bachelor : r < 0.42 ? .intermediate : r < 0.55 ? .elementary : nil
            }()
            var party = ""
            if chance(0.62) {
                let y = min(today.year - 1, max(birthYear + 19, joinYear + Int.random(in: 0...8, using: &rng)))
                party = CivilDate(year: y, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng))!.vietnamese
            }
            let job = pick(Self.jobs)
            let phone = "09" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &rng))
            rows.append([name, birth.vietnamese, gender.label, pick(Self.ethnicities), cccd, holders[i % holders.count], joined.vietnamese,
                         String(format: "TN%08d", i + 1), job.0, job.1, education.label, theory?.label ?? "", party, phone, ""])
        }
        return rows
    }
}
