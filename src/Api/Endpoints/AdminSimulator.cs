using SmsCallback.Infrastructure.Switching.Simulator;

namespace SmsCallback.Api.Endpoints;

/// <summary>Control of the built-in switch simulator (mapped only when it is the switch): its calls, scripted outcomes per number,
/// and what a person on a phone would do — answer, reject, hang up, press keys, ring an access number.</summary>
internal sealed class AdminSimulator : IAdminEndpointGroup
{
    public sealed record SimulatedCallDto(string CallId, Guid? CallbackId, string Leg, string Number, string State, int? HangupCause,
        bool Incoming, string? CalledNumber, IReadOnlyList<string> Played, string? CallerId = null, string? Language = null);

    public sealed record RuleRequest(string? Number, string? Outcome, int? AnswerAfterMs, int? HangupAfterMs, bool? IgnoresMaxTime = null);
    public sealed record DtmfRequest(string? Digits);
    public sealed record IncomingRequest(string? From, string? To);

    /// <summary>Mapped only when the simulator is the switch.</summary>
    public void Map(RouteGroupBuilder admin)
    {
        if (((IEndpointRouteBuilder)admin).ServiceProvider.GetService<SwitchSimulator>() is null) return;
        var group = admin.MapGroup("/simulator").WithTags("Switch simulator");

        group.MapGet("/calls", (SwitchSimulator simulator) => Results.Ok(simulator.Calls().Select(ToDto)));

        group.MapPost("/calls/{callId}/dtmf", (string callId, DtmfRequest body, SwitchSimulator simulator) =>
        {
            if (string.IsNullOrEmpty(body.Digits) || body.Digits.Length > 32 || body.Digits.Any(c => !char.IsAsciiDigit(c) && c is not ('*' or '#')))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["digits"] = ["1 to 32 keys of 0-9, * and #."] });
            if (simulator.Calls().All(c => c.CallId != callId)) return Results.Problem("No such call.", statusCode: StatusCodes.Status404NotFound);
            return simulator.SendDtmf(callId, body.Digits) ? Results.NoContent()
                : Results.Problem("Keys can be pressed only on an answered call.", statusCode: StatusCodes.Status409Conflict);
        }).WithSummary("Press keys on a call: {\"digits\":\"48774417880#\"}.");

        group.MapPost("/calls/{callId}/{action}", (string callId, string action, SwitchSimulator simulator) =>
        {
            Func<string, bool>? act = action switch
            {
                "answer" => simulator.Answer,
                "busy" => simulator.Busy,
                "no-answer" => simulator.NoAnswer,
                "reject" => simulator.Reject,
                "hangup" => simulator.Hangup,
                _ => null,
            };
            if (act is null) return Results.Problem("The action is one of answer, busy, no-answer, reject, hangup.", statusCode: StatusCodes.Status400BadRequest);
            if (simulator.Calls().All(c => c.CallId != callId)) return Results.Problem("No such call.", statusCode: StatusCodes.Status404NotFound);
            return act(callId) ? Results.NoContent() : Results.Problem($"The call cannot {action} in its state.", statusCode: StatusCodes.Status409Conflict);
        }).WithSummary("answer | busy | no-answer | reject | hangup");

        group.MapPost("/incoming", (IncomingRequest body, SwitchSimulator simulator) =>
        {
            if (string.IsNullOrWhiteSpace(body.From) || string.IsNullOrWhiteSpace(body.To))
                return Results.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["Both from and to are required."] });
            return Results.Ok(ToDto(simulator.Incoming(body.From.Trim(), body.To.Trim())));
        }).WithSummary("A phone rings an access number: {\"from\",\"to\"}.");

        group.MapGet("/rules", (SwitchSimulator simulator) => Results.Ok(simulator.Rules().Select(r =>
            new RuleRequest(r.Number, ToName(r.Outcome), r.AnswerAfterMs, r.HangupAfterMs, r.IgnoresMaxTime))));

        group.MapPost("/rules", (RuleRequest body, SwitchSimulator simulator, SmsCallback.Application.Common.Phones.PhoneNumberNormalizer phones) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!phones.TryNormalize(body.Number, out var number)) errors["number"] = ["A valid phone number."];
            var outcome = FromName(body.Outcome);
            if (outcome is null) errors["outcome"] = ["One of answer, busy, no-answer, reject."];
            if (body.AnswerAfterMs is < 0 or > 600_000) errors["answerAfterMs"] = ["0 to 600 000 ms."];
            if (body.HangupAfterMs is < 0 or > 86_400_000) errors["hangupAfterMs"] = ["0 to 86 400 000 ms."];
            if (errors.Count == 0)
            {
                simulator.SetRule(new SimulatorRule(number, outcome!.Value, body.AnswerAfterMs, body.HangupAfterMs, body.IgnoresMaxTime ?? false));
                return Results.Created($"/api/admin/simulator/rules/{Uri.EscapeDataString(number)}",
                    new RuleRequest(number, body.Outcome, body.AnswerAfterMs, body.HangupAfterMs, body.IgnoresMaxTime ?? false));
            }
            return Results.ValidationProblem(errors);
        }).WithSummary("Script what happens when a number is dialled: {\"number\",\"outcome\":\"answer|busy|no-answer|reject\",\"answerAfterMs\",\"hangupAfterMs\",\"ignoresMaxTime\":true (a faulty switch: the call outlives its maximum time)}.");

        group.MapDelete("/rules/{number}", (string number, SwitchSimulator simulator, SmsCallback.Application.Common.Phones.PhoneNumberNormalizer phones) =>
            phones.TryNormalize(number, out var e164) && simulator.RemoveRule(e164) ? Results.NoContent()
                : Results.Problem("No rule for this number.", statusCode: StatusCodes.Status404NotFound));
    }

    private static SimulatedCallDto ToDto(SimulatedCall c) =>
        new(c.CallId, c.CallbackId == Guid.Empty ? null : c.CallbackId, c.Leg.ToString(), c.Number, c.State.ToString(), c.HangupCause, c.Incoming,
            c.CalledNumber, c.Played ?? [], c.CallerId, c.Language);

    private static SimulatedOutcome? FromName(string? name) => name?.ToLowerInvariant() switch
    {
        "answer" => SimulatedOutcome.Answer,
        "busy" => SimulatedOutcome.Busy,
        "no-answer" => SimulatedOutcome.NoAnswer,
        "reject" => SimulatedOutcome.Reject,
        _ => null,
    };

    private static string ToName(SimulatedOutcome o) => o switch
    {
        SimulatedOutcome.Busy => "busy",
        SimulatedOutcome.NoAnswer => "no-answer",
        SimulatedOutcome.Reject => "reject",
        _ => "answer",
    };
}
