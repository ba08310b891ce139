/// History is kept as periods `[valid_from, valid_to)`. A change opens a new period on its effective date, so
/// that date may not fall before the start of the period it closes: that would leave a period that ends before
/// it begins, or two periods covering the same day, and a report for that day would count a person twice or
/// not at all. The same day is allowed: the open period then takes the new values in place.
public enum PeriodRules {
    public enum Placement: Equatable, Sendable {
        /// Close the open period on the date and open a new one from it.
        case split
        /// The change takes effect on the day the open period began: change that period in place.
        case replace
    }

    /// Where a change dated `date` goes, or a Vietnamese message when it would backdate history.
    /// `subject` names the record, e.g. "đoàn viên Nguyễn Thị Đào" or "đơn vị CĐ Sở Tư pháp".
    public static func place(_ date: CivilDate, openFrom: CivilDate, subject: String) -> Result<Placement, PeriodError> {
        if date < openFrom {
            return .failure(PeriodError(message:
                "Ngày hiệu lực \(VNFormat.date(date)) sớm hơn ngày bắt đầu giai đoạn hiện tại của \(subject) (\(VNFormat.date(openFrom))). "
                + "Lịch sử không được ghi lùi: hãy chọn ngày từ \(VNFormat.date(openFrom)) trở đi."))
        }
        return .success(date == openFrom ? .replace : .split)
    }
}

public struct PeriodError: Error, Equatable, Sendable {
    public let message: String
    public init(message: String) { self.message = message }
}
