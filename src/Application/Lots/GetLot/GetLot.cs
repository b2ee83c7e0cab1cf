using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.GetLot;

public sealed record GetLotQuery(Guid LotId) : IQuery<Result<LotDto>>;

/// <summary>A lot and its progress. <c>State</c> ends as Completed or Failed.</summary>
public sealed record LotDto(
    Guid Id, string State, int Requested, int Generated, int Percent, string LoginPrefix, int LoginLength, int PasswordLength,
    string PasswordAlphabet, decimal InitialBalance, Guid? TariffId, bool HasExport, string? Error, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt)
{
    public static LotDto From(CredentialLot l) => new(l.Id, l.State.ToString(), l.Requested, l.Generated, l.Percent, l.LoginPrefix,
        l.LoginLength, l.PasswordLength, l.PasswordAlphabet.ToString().ToLowerInvariant(), l.InitialBalance, l.TariffId, l.HasExport, l.Error,
        l.CreatedAt, l.CompletedAt);
}

public sealed class GetLotHandler(ICredentialLotRepository lots) : IQueryHandler<GetLotQuery, Result<LotDto>>
{
    public async ValueTask<Result<LotDto>> Handle(GetLotQuery query, CancellationToken ct) =>
        await lots.GetAsync(query.LotId, ct) is { } lot ? LotDto.From(lot) : Error.NotFound("No such lot.");
}
