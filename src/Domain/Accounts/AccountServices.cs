namespace SmsCallback.Domain.Accounts;

/// <summary>The ways an account may start calls (docs/product.md §8).</summary>
[Flags]
public enum AccountServices
{
    None = 0,
    SmsCallback = 1,
    WebCallback = 2,
    AniCallback = 4,
    Pc2Phone = 8,
    All = SmsCallback | WebCallback | AniCallback | Pc2Phone,
}
