namespace SmsCallback.Forwarder.Protocol;

/// <summary>What the platform accepts from a forwarder in one message; the forwarder clips to these before it sends.
/// They equal the platform's own limits for an inbound SMS (<c>InboundSms.MaxAddressLength</c>, <c>InboundSms.MaxTextLength</c>);
/// an architecture test keeps the two in step.</summary>
public static class ForwarderLimits
{
    public const int MaxFromLength = 64;
    public const int MaxTextLength = 4096;
}
