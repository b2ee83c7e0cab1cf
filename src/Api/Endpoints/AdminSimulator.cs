using SmsCallback.Infrastructure.Switching.Simulator;

namespace SmsCallback.Api.Endpoints;

/// <summary>Control of the built-in switch simulator: see its calls and answer, reject or end them (Switch:Simulator:Mode=Manual).</summary>
internal static class AdminSimulator
{
    public sealed record SimulatedCallDto(string CallId, Guid CallbackId, string Leg, string Number, string State, int? HangupCause);

    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/simulator").WithTags("Switch simulator");

        group.MapGet("/calls", (SwitchSimulator simulator) =>
            Results.Ok(simulator.Calls().Select(c => new SimulatedCallDto(c.CallId, c.CallbackId, c.Leg.ToString(), c.Number, c.State.ToString(), c.HangupCause))));

        group.MapPost("/calls/{callId}/{action}", (string callId, string action, SwitchSimulator simulator) =>
        {
            Func<string, bool>? act = action switch
            {
                "answer" => simulator.Answer,
                "busy" => simulator.Busy,
                "no-answer" => simulator.NoAnswer,
                "hangup" => simulator.Hangup,
                _ => null,
            };
            if (act is null) return Results.Problem("The action is one of answer, busy, no-answer, hangup.", statusCode: StatusCodes.Status400BadRequest);
            if (simulator.Calls().All(c => c.CallId != callId)) return Results.Problem("No such call.", statusCode: StatusCodes.Status404NotFound);
            return act(callId) ? Results.NoContent() : Results.Problem($"The call cannot {action} in its state.", statusCode: StatusCodes.Status409Conflict);
        }).WithSummary("answer | busy | no-answer | hangup");
    }
}
