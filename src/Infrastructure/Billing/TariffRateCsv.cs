using System.Globalization;
using CsvHelper;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Billing;
using SmsCallback.Infrastructure.Csv;

namespace SmsCallback.Infrastructure.Billing;

/// <summary>The rates CSV with CsvHelper, invariant culture; what <see cref="WriteAsync"/> writes, <see cref="ReadAsync"/> reads back.
/// Cells a spreadsheet would take for a formula are written with a leading quote, and one leading quote is removed on import
/// (<see cref="CsvCell"/>).</summary>
public sealed class TariffRateCsv : ITariffRateCsv
{
    public static readonly string[] Header = ["prefix", "description", "pricePerMinute", "connectionFee", "minimumSeconds", "incrementSeconds"];

    private static readonly CsvReaderOptions ReaderOptions = new()
    {
        Separator = ',',
        HasHeader = true,
        TrimWhitespace = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public async Task<TariffCsvRead> ReadAsync(Stream csv, int maxErrors, CancellationToken ct)
    {
        var rows = new List<TariffRateRow>();
        var errors = new List<CsvLineError>();
        await using var reader = CsvReader.Create(csv, ReaderOptions, leaveOpen: true);
        await reader.ReadHeaderAsync(ct);
        if (!reader.Headers.Select(h => h.Trim()).SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
            return new TariffCsvRead([], [new CsvLineError(1, $"The first line must be the header {string.Join(',', Header)}.")]);

        var fields = new string[Header.Length];
        while (await reader.ReadAsync(ct))
        {
            var line = (int)Math.Min(reader.LineNumber, int.MaxValue);
            if (reader.FieldCount != Header.Length)
            {
                if (errors.Count < maxErrors) errors.Add(new CsvLineError(line, $"Expected {Header.Length} fields, found {reader.FieldCount}."));
                else break;
                continue;
            }
            for (var i = 0; i < fields.Length; i++) fields[i] = CsvCell.Unescape(reader.GetString(i));
            if (TryRead(line, fields, out var row, out var problem)) rows.Add(row);
            else if (errors.Count < maxErrors) errors.Add(new CsvLineError(line, problem));
            else break;
        }
        return new TariffCsvRead(rows, errors);
    }

    public async Task WriteAsync(Stream output, IAsyncEnumerable<TariffRate> rates, CancellationToken ct)
    {
        await using var writer = CsvWriter.Create(output, null, leaveOpen: true);
        await writer.WriteRecordAsync(Header, ct);
        var inv = CultureInfo.InvariantCulture;
        await foreach (var r in rates.WithCancellation(ct))
            await writer.WriteRecordAsync([CsvCell.Escape(r.Prefix)!, CsvCell.Escape(r.Description)!, r.PricePerMinute.ToString(inv),
                r.ConnectionFee.ToString(inv), r.MinimumSeconds.ToString(inv), r.IncrementSeconds.ToString(inv)], ct);
        await writer.FlushAsync(ct);
    }

    private static bool TryRead(int line, string[] f, out TariffRateRow row, out string problem)
    {
        row = null!;
        const NumberStyles money = NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign;
        var inv = CultureInfo.InvariantCulture;
        if (!decimal.TryParse(f[2], money, inv, out var price)) problem = $"pricePerMinute '{f[2]}' is not a number (use a dot for decimals).";
        else if (!decimal.TryParse(f[3], money, inv, out var fee)) problem = $"connectionFee '{f[3]}' is not a number (use a dot for decimals).";
        else if (!int.TryParse(f[4], NumberStyles.AllowLeadingSign, inv, out var minimum)) problem = $"minimumSeconds '{f[4]}' is not a whole number.";
        else if (!int.TryParse(f[5], NumberStyles.AllowLeadingSign, inv, out var increment)) problem = $"incrementSeconds '{f[5]}' is not a whole number.";
        else
        {
            row = new TariffRateRow(line, f[0], f[1], price, fee, minimum, increment);
            problem = "";
            return true;
        }
        return false;
    }
}
