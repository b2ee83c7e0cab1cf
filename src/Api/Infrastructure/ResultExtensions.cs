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
        _ => TypedResults.Problem(error.Message, statusCode: StatusCodes.Status401Unauthorized),
    };
}
