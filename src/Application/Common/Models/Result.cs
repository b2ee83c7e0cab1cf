namespace SmsCallback.Application.Common.Models;

public enum ErrorKind { Invalid, NotFound, Conflict, Unauthorized, Forbidden, PaymentRequired, TooManyRequests }

/// <summary>An expected business outcome that is not success ("number taken", "login failed"); unexpected failures are exceptions.</summary>
public sealed record Error(ErrorKind Kind, string Message, string? Field = null)
{
    public static Error Invalid(string field, string message) => new(ErrorKind.Invalid, message, field);
    public static Error NotFound(string message) => new(ErrorKind.NotFound, message);
    public static Error Conflict(string message) => new(ErrorKind.Conflict, message);
    public static Error Unauthorized(string message) => new(ErrorKind.Unauthorized, message);
    public static Error Forbidden(string message) => new(ErrorKind.Forbidden, message);

    /// <summary>Not enough credit (or the daily spending limit is reached).</summary>
    public static Error PaymentRequired(string message) => new(ErrorKind.PaymentRequired, message);

    /// <summary>Too many attempts or requests (wrong passwords, codes sent by SMS); the caller should wait.</summary>
    public static Error TooManyRequests(string message) => new(ErrorKind.TooManyRequests, message);
}

public readonly record struct Result<T>
{
    private Result(T? value, Error? error) { Value = value; Error = error; }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static Result<T> Ok(T value) => new(value, null);
    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
