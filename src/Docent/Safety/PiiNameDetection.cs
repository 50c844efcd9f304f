namespace Docent.Safety;

/// <summary>How person names are found (<see cref="PiiSettings.Names"/>).</summary>
public enum PiiNameDetection
{
    /// <summary>Names are not looked for.</summary>
    Off,

    /// <summary>The configured chat model lists the names in each passage at ingest (<see cref="ChatNameFinder"/>).</summary>
    Model,
}
