namespace Docent.Answering.Extractive;

/// <summary>What kind of answer a question expects, judged from its wording.</summary>
internal enum QuestionType
{
    /// <summary>No recognised cue: content terms alone decide.</summary>
    General,

    /// <summary>who / whom / whose: a person or organisation name.</summary>
    Person,

    /// <summary>when / what year / what date: a date, month, year or time.</summary>
    Time,

    /// <summary>how many / how much / what percentage / cost: a number, amount or percentage.</summary>
    Quantity,

    /// <summary>where: a place, location or path.</summary>
    Place,

    /// <summary>how do I / how to / steps: procedural or imperative text.</summary>
    Procedure,

    /// <summary>why: a reason or cause.</summary>
    Reason,

    /// <summary>what is / define: a definition.</summary>
    Definition,
}
