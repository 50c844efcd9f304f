namespace Docent.Agents;

/// <summary>How <see cref="DocentFunctions"/> describe and bound their calls. Plain options.</summary>
public sealed class DocentFunctionOptions
{
    /// <summary>The collection the functions read, named in their descriptions.</summary>
    public string Collection { get; set; } = "default";

    /// <summary>How many passages search returns when the model does not say (it may ask for 1 to 50).</summary>
    public int SearchTop { get; set; } = 5;

    /// <summary>How many passages an answer draws on.</summary>
    public int AnswerTop { get; set; } = 8;
}
