using static Docent.SampleBuilder.SampleItem;

namespace Docent.SampleBuilder;

/// <summary>
/// The text of the generated handbook files. The PDF uses a standard 14 font, so its text stays within
/// WinAnsi (no euro sign: amounts are written "EUR"). Immutable.
/// </summary>
internal static class HandbookContent
{
    public const string TravelTitle = "Travel and Expenses Policy";

    public const string LeaveTitle = "Leave Policy";

    public static IReadOnlyList<SampleItem> Travel { get; } =
    [
        H1(TravelTitle),
        P("This policy applies to every employee of Kestrel Bay Instruments who travels for work or spends company money. It was approved by the finance director, Priya Natarajan, on 3 February 2025."),
        H2("Booking travel"),
        P("Book all flights, trains and hotels through the Wayfarer travel portal, at least 14 days before departure. Bookings made later need written approval from your manager."),
        P("Economy class is standard for flights under six hours. For longer flights you may book premium economy; business class is never reimbursed."),
        P("Take the train instead of flying when the train journey is under four hours."),
        H2("Hotels"),
        P("The hotel limit is EUR 160 per night, or EUR 220 per night in London, Oslo and Zurich. Breakfast may be included in the room rate."),
        Bullet("Choose a hotel within 30 minutes of the place you are visiting."),
        Bullet("Stays longer than five nights need approval from the finance team."),
        PageBreak,
        H2("Daily allowance"),
        P("While travelling you receive a meal allowance of EUR 55 per day, paid with your expenses. On the days you leave and return, half of the allowance is paid."),
        P("Alcohol is never reimbursed, including when you host customers."),
        H2("Getting around"),
        P("Use public transport where it is practical. Taxis are reimbursed after 22:00 or when you carry instrument cases."),
        P("If you drive your own car, mileage is reimbursed at EUR 0.45 per kilometre. Parking and tolls are reimbursed with receipts."),
        PageBreak,
        H2("Claiming expenses"),
        P("Submit expense claims in the Ledgerly app within 30 days of the expense. Claims submitted later than 90 days are not paid."),
        P("Attach a receipt for every expense above EUR 25. Your manager approves the claim, and approved claims are reimbursed with the next salary payment."),
        H2("Company cards"),
        P("Employees who travel more than six times a year may request a company credit card. The card must not be used for personal purchases, even if you repay them."),
        P("Questions about this policy go to the finance team at finance@kestrelbay.example."),
    ];

    public static IReadOnlyList<SampleItem> Leave { get; } =
    [
        new(SampleItemKind.Heading, LeaveTitle, 0),
        P("This policy explains the time off you are entitled to at Kestrel Bay Instruments and how to request it. It applies from 1 January 2025."),
        H1("Annual leave"),
        P("Full-time employees receive 27 days of paid annual leave each year, plus public holidays. Part-time employees receive the same entitlement pro rata."),
        P("The leave year runs from January to December. You may carry over up to 5 unused days, which must be taken by 31 March of the following year."),
        H2("Requesting leave"),
        Bullet("Request leave in Harbour, our HR system."),
        Bullet("Request leave of more than three days at least two weeks in advance."),
        Bullet("Your manager replies within five working days."),
        H1("Sick leave"),
        P("If you are ill, tell your manager before 10:00 on the first day of absence. You may self-certify up to three days; from the fourth day you need a doctor's note."),
        P("Kestrel Bay pays full salary for up to 20 days of sickness absence in any twelve months."),
        H1("Family leave"),
        P("Parents receive 20 weeks of parental leave on full pay, which can be taken at any time in the first two years after a birth or adoption."),
        P("Bereavement leave is five days on full pay for the loss of a close family member."),
        H1("Other leave"),
        Row("Type|Days per year|Pay"),
        Row("Volunteering|2|Full pay"),
        Row("Moving house|1|Full pay"),
        Row("Jury service|As required|Full pay"),
        P("For any other absence, talk to the People team at people@kestrelbay.example."),
    ];
}
