using SmsCallback.Application.Sms.Segments;

namespace SmsCallback.Application.UnitTests.Sms.Segments;

public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    [InlineData(459, 3)]
    public void Gsm7_fits_160_septets_in_one_sms_and_153_per_part(int length, int segments)
    {
        var analysis = SmsSegments.Analyze(new string('a', length));
        Assert.Equal((SmsCoding.Gsm7, length, segments), (analysis.Coding, analysis.Units, analysis.Segments));
    }

    [Theory]
    [InlineData(70, 1)]
    [InlineData(71, 2)]
    [InlineData(134, 2)]
    [InlineData(135, 3)]
    public void Ucs2_fits_70_units_in_one_sms_and_67_per_part(int length, int segments)
    {
        var analysis = SmsSegments.Analyze("ż" + new string('a', length - 1));
        Assert.Equal((SmsCoding.Ucs2, length, segments), (analysis.Coding, analysis.Units, analysis.Segments));
    }

    [Fact]
    public void Escape_characters_cost_two_septets_and_are_not_split_between_parts()
    {
        Assert.Equal((SmsCoding.Gsm7, 160, 1), Tuple(SmsSegments.Analyze("€" + new string('a', 158))));
        Assert.Equal(2, SmsSegments.Analyze("€" + new string('a', 159)).Segments);
        // 152 septets then "€": the escape pair does not fit in the first part's 153, so it starts the second; 306 septets still make 3 parts.
        Assert.Equal(3, SmsSegments.Analyze(new string('a', 152) + "€" + new string('a', 152)).Segments);
    }

    [Fact]
    public void Characters_outside_gsm_03_38_choose_ucs2_and_emoji_count_two_units()
    {
        Assert.Equal(SmsCoding.Gsm7, SmsSegments.Analyze("Ceny: 5€ [ok] ^_^ ÄÖÜ äöü ñ é à @£$¥").Coding);
        Assert.Equal(SmsCoding.Ucs2, SmsSegments.Analyze("Zażółć gęślą jaźń").Coding);
        Assert.Equal(SmsCoding.Ucs2, SmsSegments.Analyze("wait…").Coding);
        Assert.Equal((SmsCoding.Ucs2, 2, 1), Tuple(SmsSegments.Analyze("😀")));
    }

    [Fact]
    public void A_text_that_fits_is_left_alone()
    {
        var text = new string('a', 160);
        Assert.Same(text, SmsSegments.Shorten(text, 1));
    }

    [Fact]
    public void A_long_gsm_reply_is_cut_at_a_word_boundary_with_three_dots_and_fits()
    {
        var text = string.Join(' ', Enumerable.Repeat("callback", 30)); // 269 characters
        var shortened = SmsSegments.Shorten(text, 1);

        Assert.EndsWith("callback...", shortened);
        Assert.True(shortened.Length <= 160);
        Assert.True(shortened.Length > 150, shortened.Length.ToString());
        Assert.Equal((SmsCoding.Gsm7, 1), (SmsSegments.Analyze(shortened).Coding, SmsSegments.Analyze(shortened).Segments));
        Assert.StartsWith(shortened[..^3], text);
    }

    [Fact]
    public void A_long_ucs2_reply_ends_with_the_ellipsis_character_and_fits_the_allowed_parts()
    {
        var text = string.Join(' ', Enumerable.Repeat("Dzwonię", 40)); // 319 units
        var shortened = SmsSegments.Shorten(text, 2);

        Assert.EndsWith("Dzwonię…", shortened);
        Assert.Equal((SmsCoding.Ucs2, 2), (SmsSegments.Analyze(shortened).Coding, SmsSegments.Analyze(shortened).Segments));
        Assert.True(shortened.Length > 120);
    }

    [Fact]
    public void One_endless_word_is_cut_inside_it_but_never_inside_a_surrogate_pair()
    {
        var shortened = SmsSegments.Shorten(string.Concat(Enumerable.Repeat("😀", 100)), 1);
        Assert.EndsWith("…", shortened);
        Assert.Equal(1, SmsSegments.Analyze(shortened).Segments);
        Assert.False(char.IsHighSurrogate(shortened[^2]));
    }

    private static (SmsCoding, int, int) Tuple(SmsSegmentation s) => (s.Coding, s.Units, s.Segments);
}
