using System.Globalization;
using CsvHelper;
using SmsCallback.Application.Calls;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Csv;

namespace SmsCallback.Infrastructure.Calls;

/// <summary>The call-history CSV (CsvHelper): UTF-8 without BOM, invariant culture, RFC 4180, times in ISO 8601 UTC. Rows are written into
/// CsvHelper's 64 KiB buffer, which goes out to the stream whenever it is mostly full, so memory stays flat whatever the row count.
/// Text cells go through <see cref="CsvCell.Escape"/>, so a login such as <c>@SUM(…)</c> cannot become a formula; E.164 numbers are plain
/// numbers and stay as they are.</summary>
internal sealed class CallHistoryCsvWriter : ICallHistoryCsvWriter
{
    public static readonly string[] Columns =
        ["callbackId", "leg", "number", "start", "answer", "end", "billedSeconds", "rate", "cost", "currency", "hangupCause"];
    public static readonly string[] AccountColumns = ["accountId", "login"];

    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { FormatProvider = CultureInfo.InvariantCulture };

    public async Task<long> WriteAsync(IAsyncEnumerable<CallHistoryRow> rows, Stream destination, bool withAccount, CancellationToken ct)
    {
        long count = 0;
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        csv.WriteHeader(withAccount ? [.. Columns, .. AccountColumns] : Columns);
        await foreach (var row in rows.WithCancellation(ct))
        {
            csv.WriteField(row.CallbackId, "");
            csv.WriteField(row.Kind == Domain.Callbacks.LegKind.A ? "A" : "B");
            csv.WriteField(CsvCell.Escape(row.Number));
            WriteTime(csv, row.Start);
            WriteTime(csv, row.Answer);
            WriteTime(csv, row.End);
            csv.WriteField(row.BilledSeconds, "");
            csv.WriteField(row.Rate, "");
            csv.WriteField(row.Cost, "");
            csv.WriteField(CsvCell.Escape(row.Currency));
            csv.WriteField(row.HangupCause, "");
            if (withAccount)
            {
                csv.WriteField(row.AccountId, "");
                csv.WriteField(CsvCell.Escape(row.Login));
            }
            await csv.EndRecordAsync(ct);
            count++;
        }
        await csv.FlushAsync(ct);
        return count;
    }

    private static void WriteTime(CsvWriter csv, DateTimeOffset? value)
    {
        if (value is { } time) csv.WriteField(time.ToUniversalTime(), TimeFormat);
        else csv.WriteField((string?)null);
    }
}
