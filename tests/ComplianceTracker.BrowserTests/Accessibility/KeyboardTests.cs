using ComplianceTracker.BrowserTests.Support;
using Microsoft.Playwright;

namespace ComplianceTracker.BrowserTests.Accessibility;

/// <summary>The status-change form can be filled in and saved with the keyboard alone, focus always visible.</summary>
public sealed class KeyboardTests : BrowserTest
{
    [Test]
    public async Task AssessForm_CanBeCompletedAndSaved_WithTheKeyboardAlone()
    {
        var editor = await App.CreateAccountAsync("Editor");
        var page = await NewPageAsync();
        await SignInAsync(page, editor.Email);
        await page.GotoAsync("/deficiencies/D-05/assess");

        // From the top of the page: Tab to each field in turn, never clicking.
        await TabToAsync(page, "#Input_Assessment");
        await ChooseWithArrowsAsync(page, "regulator:corrected");

        await TabToAsync(page, "#Input_EffectiveOn");
        // A text field, so a date known only to the month or year can be typed as the source gives it.
        await page.Keyboard.TypeAsync("2023-10");
        Assert.That(await page.InputValueAsync("#Input_EffectiveOn"), Is.EqualTo("2023-10"));

        await TabToAsync(page, "#Input_Reason");
        await page.Keyboard.TypeAsync("DMHC's press release of 12 October 2023 describes the appointment standard as met.");

        // A radio group takes one Tab stop; the arrow keys move through it and choose.
        await TabToAsync(page, "input[name='Input.Confidence']");
        await page.Keyboard.PressAsync("ArrowRight");
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.That(await page.IsCheckedAsync("input[name='Input.Confidence'][value='verified']"), Is.True);

        // Nothing is chosen for the editor: the source is found by typing part of its title.
        await TabToAsync(page, "#Input_Source_Search");
        await page.Keyboard.TypeAsync("Reach Settlement Agreement to Transform");
        Assert.That(await page.InputValueAsync("#Input_Source_Search"), Is.Not.Empty);

        await TabToAsync(page, "main form button[type=submit]");
        await ScreenshotAsync(page, "before-enter");
        var saved = await Navigation.WaitForNextPageAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.That(saved.Status, Is.EqualTo(302));
        Assert.That(Navigation.PathAndQuery(page), Is.EqualTo("/deficiencies/D-05"));

        await Assertions.Expect(page.Locator(".saved")).ToHaveTextAsync("Assessment recorded.");
        await Assertions.Expect(page.Locator("section.assessment[aria-label='Regulator']")).ToContainTextAsync("Corrected");
        await ScreenshotAsync(page, "saved");
    }

    /// <summary>
    /// Presses Tab until the element matching <paramref name="selector"/> has focus, checking on the way that every
    /// focused element shows where the focus is (an outline or a shadow).
    /// </summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<FocusInfo>("""
                selector => {
                    const e = document.activeElement;
                    const s = getComputedStyle(e);
                    return { element: e.outerHTML.slice(0, 120), outline: s.outlineStyle, shadow: s.boxShadow, matches: e.matches(selector) };
                }
                """, selector);
            Assert.That(focused.Outline == "none" && focused.Shadow == "none", Is.False, $"focus is not visible on {focused.Element}");
            if (focused.Matches)
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {selector}.");
    }

    /// <summary>Moves through a focused select's options with the arrow keys until it shows the wanted value.</summary>
    private static async Task ChooseWithArrowsAsync(IPage page, string value)
    {
        for (var i = 0; i < 30; i++)
        {
            if (await page.EvaluateAsync<string>("() => document.activeElement.value") == value)
            {
                return;
            }
            await page.Keyboard.PressAsync("ArrowDown");
        }
        Assert.Fail($"The arrow keys never reached the option {value}.");
    }

    private sealed class FocusInfo
    {
        public string Element { get; set; } = "";
        public string Outline { get; set; } = "";
        public string Shadow { get; set; } = "";
        public bool Matches { get; set; }
    }
}
