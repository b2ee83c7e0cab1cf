using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.AspNetCore.DataProtection;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Infrastructure.Csv;

namespace SmsCallback.Infrastructure.Lots;

/// <summary>Lot exports as CSV (CsvHelper), each batch's rows encrypted with ASP.NET Core Data Protection under a purpose bound to the lot,
/// with the keys of the data directory. A chunk of one lot cannot be opened as another lot's. Logins and passwords that a spreadsheet would
/// read as a formula (a prefix may start with <c>-</c>) are written with a leading quote (<see cref="CsvCell"/>).</summary>
public sealed class DataProtectionLotExportVault(IDataProtectionProvider provider) : ILotExportVault
{
    public static readonly string[] Header = ["login", "password", "balance", "tariff"];

    public byte[] Seal(CredentialLot lot, IReadOnlyList<LotCredential> credentials)
    {
        var balance = lot.InitialBalance.ToString("0.00##", CultureInfo.InvariantCulture);
        var tariff = lot.TariffId?.ToString() ?? "";
        return ProtectorFor(lot.Id).Protect(Encoding.UTF8.GetBytes(Csv(credentials.Select(c => new[] { CsvCell.Escape(c.Login)!, CsvCell.Escape(c.Password)!, balance, tariff }))));
    }

    public string Open(Guid lotId, IReadOnlyList<byte[]> chunks)
    {
        var protector = ProtectorFor(lotId);
        var csv = new StringBuilder(Csv([Header]));
        foreach (var chunk in chunks) csv.Append(Encoding.UTF8.GetString(protector.Unprotect(chunk)));
        return csv.ToString();
    }

    private static string Csv(IEnumerable<string[]> records)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvWriter.Create(text, null, leaveOpen: true))
            foreach (var record in records) csv.WriteRecord(record);
        return text.ToString();
    }

    private IDataProtector ProtectorFor(Guid lotId) => provider.CreateProtector("SmsCallback.LotExport", lotId.ToString("N"));
}
