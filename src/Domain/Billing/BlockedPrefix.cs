using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Billing;

/// <summary>A destination prefix no account may call (premium-rate and high-risk ranges, the targets of toll fraud).</summary>
public sealed class BlockedPrefix
{
    public const int MaxDescriptionLength = 100;

    private BlockedPrefix() { Prefix = ""; Description = ""; }

    public string Prefix { get; private set; }
    public string Description { get; private set; }

    public static BlockedPrefix Create(string prefix, string description)
    {
        if (!Prefixes.IsValid(prefix)) throw new DomainException("A prefix is 1 to 15 digits.");
        var blocked = new BlockedPrefix { Prefix = prefix };
        blocked.Describe(description);
        return blocked;
    }

    public void Describe(string description)
    {
        if (description.Length > MaxDescriptionLength) throw new DomainException($"A description has at most {MaxDescriptionLength} characters.");
        Description = description;
    }

    /// <summary>Blocked on a fresh installation: international premium-rate and satellite ranges and common national premium ranges.
    /// Operators edit the list through the API.</summary>
    public static readonly IReadOnlyList<(string Prefix, string Description)> Defaults =
    [
        ("979", "International Premium Rate Service"),
        ("881", "Global Mobile Satellite System"),
        ("882", "International Networks"),
        ("883", "International Networks"),
        ("870", "Inmarsat"),
        ("1900", "US/Canada premium rate (900)"),
        ("449", "UK premium rate (09)"),
        ("4870", "Poland premium rate (70x)"),
        ("49900", "Germany premium rate (0900)"),
        ("3389", "France premium rate (089)"),
        ("39899", "Italy premium rate (899)"),
        ("34803", "Spain premium rate (803)"),
        ("34806", "Spain premium rate (806)"),
        ("34807", "Spain premium rate (807)"),
    ];
}
