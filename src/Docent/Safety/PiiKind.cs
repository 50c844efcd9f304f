namespace Docent.Safety;

/// <summary>
/// The kinds of personal data: those <see cref="PiiDetector"/> finds by pattern and checksum, and person names, which only
/// a configured chat model finds (<see cref="ChatNameFinder"/>).
/// </summary>
public enum PiiKind
{
    Email,
    Phone,
    Iban,
    CardNumber,
    NationalId,
    Name,
}
