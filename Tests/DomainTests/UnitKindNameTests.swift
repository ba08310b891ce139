import Testing
import Domain

@Suite struct UnitKindNameTests {
    @Test(arguments: [
        ("CĐCS", "Công đoàn cơ sở"),
        ("CĐCS", "cong doan co so"),
        ("CĐCS", "CDCS"),
        ("CĐCS thành viên", "Công đoàn cơ sở thành viên"),
        ("LĐLĐ tỉnh", "Liên đoàn Lao động tỉnh"),
        ("LĐLĐ tỉnh", "LDLD Tinh"),
        ("Tổng Liên đoàn", "TLĐ"),
        ("Công đoàn xã, phường", "Công đoàn xã phường"),
        ("Công đoàn xã, phường", "CĐ xã - phường"),
        ("Công đoàn cấp trên cơ sở", "CĐ cấp trên cơ sở"),
    ])
    func oneKindWrittenTwoWays(catalogue: String, written: String) {
        #expect(UnitKindName.key(catalogue) == UnitKindName.key(written))
    }

    @Test func differentKindsStayApart() {
        #expect(UnitKindName.key("CĐCS") != UnitKindName.key("CĐCS thành viên"))
        #expect(UnitKindName.key("Công đoàn bộ phận") != UnitKindName.key("Tổ công đoàn"))
        #expect(UnitKindName.key("Công đoàn ngành") != UnitKindName.key("Công đoàn cấp trên cơ sở"))
        // A word that only starts like an abbreviation is left as it is.
        #expect(UnitKindName.key("cdcsx") == "cdcsx")
    }
}
