using SmsCallback.Infrastructure.Csv;

namespace SmsCallback.Infrastructure.IntegrationTests.Csv;

public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+SUM(1,2)", "'+SUM(1,2)")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("\rCR", "'\rCR")]
    [InlineData("'quoted", "''quoted")]
    [InlineData("+48600316058", "+48600316058")] // plain numbers are never formulas
    [InlineData("-0.05", "-0.05")]
    [InlineData("+", "'+")]
    [InlineData("-x1", "'-x1")]
    [InlineData("Poland", "Poland")]
    [InlineData("", "")]
    public void Cells_a_spreadsheet_would_evaluate_get_a_leading_quote_and_read_back_unchanged(string value, string escaped)
    {
        Assert.Equal(escaped, CsvCell.Escape(value));
        Assert.Equal(value, CsvCell.Unescape(escaped));
    }
}
