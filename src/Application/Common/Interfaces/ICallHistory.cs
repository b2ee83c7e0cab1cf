using SmsCallback.Application.Calls;

namespace SmsCallback.Application.Common.Interfaces;

/// <summary>Read side of the call legs (the adapter queries EF Core without tracking): newest first, by start then id.</summary>
public interface ICallHistoryReader
{
    /// <summary>One page of the legs that match, and how many match in all.</summary>
    Task<(IReadOnlyList<CallHistoryRow> Page, int Total)> ListAsync(CallHistoryFilter filter, int skip, int take, CancellationToken ct);

    /// <summary>Every leg that matches, read from the database as it is enumerated (never loaded at once), for exports.</summary>
    IAsyncEnumerable<CallHistoryRow> StreamAsync(CallHistoryFilter filter, CancellationToken ct);
}

/// <summary>Writes legs as CSV to a stream as they come (the adapter uses CsvHelper), flushing as it goes.</summary>
public interface ICallHistoryCsvWriter
{
    /// <returns>The number of data rows written.</returns>
    Task<long> WriteAsync(IAsyncEnumerable<CallHistoryRow> rows, Stream destination, bool withAccount, CancellationToken ct);
}
