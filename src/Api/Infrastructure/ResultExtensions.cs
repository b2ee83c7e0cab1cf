using SmsCallback.Application.Common.Models;

namespace SmsCallback.Api.Infrastructure;

internal static class ResultExtensions
{
    /// <summary>An expected business outcome as problem details with the matching status code.</summary>
    public static IResult ToProblem(this Error error) => error.Kind switch
    {
        ErrorKind.Invalid => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [error.Field ?? ""] = [error.Message] }),
        ErrorKind.NotFound => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status404NotFound),
        ErrorKind.Conflict => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status409Conflict),
        ErrorKind.Forbidden => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status403Forbidden),
        ErrorKind.PaymentRequired => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status402PaymentRequired),
        ErrorKind.TooManyRequests => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status429TooManyRequests),
        _ => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status401Unauthorized),
    };

    /// <summary>Awaits a use case and answers <paramref name="onSuccess"/> or its problem details.</summary>
    public static async Task<IResult> Send<T>(ValueTask<Result<T>> pending, Func<T, IResult> onSuccess)
    {
        var result = await pending;
        return result.IsSuccess ? onSuccess(result.Value!) : result.Error!.ToProblem();
    }
}
