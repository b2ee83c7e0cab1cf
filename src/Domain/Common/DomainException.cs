namespace SmsCallback.Domain.Common;

/// <summary>An operation that would break an aggregate's rules. It is a programming error, not a business outcome.</summary>
public sealed class DomainException(string message) : Exception(message);
