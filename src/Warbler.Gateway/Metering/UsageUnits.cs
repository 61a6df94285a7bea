namespace Warbler.Gateway.Metering;

/// <summary>The units a usage record counts media in, besides tokens; prices per unit are in <c>Pricing</c>.</summary>
internal static class UsageUnits
{
    public const string Images = "images";

    public const string Seconds = "seconds";

    public const string Characters = "characters";
}
