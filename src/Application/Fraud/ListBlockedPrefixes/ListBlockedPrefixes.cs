using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Fraud.ListBlockedPrefixes;

public sealed record BlockedPrefixDto(string Prefix, string Description);

/// <summary>The destination prefixes no account may call.</summary>
public sealed record ListBlockedPrefixesQuery : IQuery<IReadOnlyList<BlockedPrefixDto>>;

public sealed class ListBlockedPrefixesHandler(IBlockedPrefixRepository blocked) : IQueryHandler<ListBlockedPrefixesQuery, IReadOnlyList<BlockedPrefixDto>>
{
    public async ValueTask<IReadOnlyList<BlockedPrefixDto>> Handle(ListBlockedPrefixesQuery query, CancellationToken ct) =>
        [.. (await blocked.ListAsync(ct)).Select(p => new BlockedPrefixDto(p.Prefix, p.Description))];
}
