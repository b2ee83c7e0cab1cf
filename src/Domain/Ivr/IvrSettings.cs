using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Ivr;

/// <summary>The IVR after the call (docs/product.md §6; the original product's "VPConfig"). One row for the installation.</summary>
public sealed class IvrSettings
{
    public const int SingletonId = 1;

    public int Id { get; private set; } = SingletonId;
    public bool Enabled { get; private set; } = true;

    /// <summary>Dialled during a bridged call: hangs up leg B and keeps A (then the prompt).</summary>
    public string EndLegCode { get; private set; } = "#1#";

    /// <summary>Dialled at the prompt (ended with #) or during a call: reads the balance.</summary>
    public string BalanceCode { get; private set; } = "111";
    public int DigitTimeoutMs { get; private set; } = 5000;
    public int MaxAttempts { get; private set; } = 3;
    public bool AnnounceMaxTime { get; private set; }
    public string Language { get; private set; } = "en";
    public string PromptEnterNumber { get; private set; } = "enter-number";
    public string PromptInvalidNumber { get; private set; } = "invalid-number";
    public string PromptBalance { get; private set; } = "your-balance-is";
    public string PromptMaxTime { get; private set; } = "you-may-talk-for";
    public string PromptGoodbye { get; private set; } = "goodbye";

    /// <summary>Played when the balance does not cover a minimum call to the number dialled.</summary>
    public string PromptNoCredit { get; private set; } = "not-enough-credit";

    public static IvrSettings Default() => new();

    public static bool IsValidCode(string? code) =>
        code is { Length: >= 1 and <= 8 } && code.All(c => char.IsAsciiDigit(c) || c is '*' or '#');

    public void Update(bool enabled, string endLegCode, string balanceCode, int digitTimeoutMs, int maxAttempts, bool announceMaxTime, string language)
    {
        if (!IsValidCode(endLegCode) || !IsValidCode(balanceCode)) throw new DomainException("Codes have 1 to 8 keys of 0-9, * and #.");
        if (endLegCode == balanceCode) throw new DomainException("The end-leg and balance codes must differ.");
        if (digitTimeoutMs is < 1000 or > 60_000) throw new DomainException("The digit timeout is 1 000 to 60 000 ms.");
        if (maxAttempts is < 1 or > 10) throw new DomainException("Attempts are 1 to 10.");
        (Enabled, EndLegCode, BalanceCode, DigitTimeoutMs, MaxAttempts, AnnounceMaxTime, Language) =
            (enabled, endLegCode, balanceCode, digitTimeoutMs, maxAttempts, announceMaxTime, language);
    }
}
