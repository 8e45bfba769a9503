using System.Net;
using AngleSharp.Html.Dom;
using ComplianceTracker.Tests.Support;
using Dapper;

namespace ComplianceTracker.Tests.Features.Deficiencies;

public class AssessTests
{
    private TestApp app = null!;

    [SetUp]
    public void Start() => app = new TestApp();

    [TearDown]
    public void Stop() => app.Dispose();

    private static Dictionary<string, string> ValidAssessment(string reason = "DMHC letter says D-05 is corrected.") => new()
    {
        ["Input.Assessment"] = "regulator:corrected",
        ["Input.EffectiveOn"] = "2026-11-20",
        ["Input.Reason"] = reason,
        ["Input.Confidence"] = "verified",
        ["Input.Source.Title"] = "DMHC letter to Kaiser on deficiency 5",
        ["Input.Source.Publisher"] = "California Department of Managed Health Care",
        ["Input.Source.Url"] = "https://www.dmhc.ca.gov/letters/2026-11-20",
        ["Input.Source.PublishedOn"] = "2026-11-20",
        ["Input.Source.Kind"] = "regulator-release",
    };

    private async Task<int> HistoryCountAsync(string code)
    {
        await using var connection = await app.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM StatusChanges sc JOIN Deficiencies d ON d.Id = sc.SubjectId WHERE sc.SubjectType = 'deficiency' AND d.Code = @code",
            new { code });
    }

    [Test]
    public async Task Post_RecordsTheAssessment_AndPublicPagesShowItAtOnce()
    {
        using var client = await app.SignedInClientAsync("Editor");

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", ValidAssessment());

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/deficiencies/D-05"));

        var page = await app.GetDocumentAsync("/deficiencies/D-05");
        var regulator = page.QuerySelectorAll(".assessment").First(a => a.QuerySelector("h3")!.Squash() == "Regulator").Squash();
        Assert.That(regulator, Does.Contain("Corrected").And.Contain("Effective 20 November 2026").And.Contain("DMHC letter says D-05 is corrected."));
        Assert.That(page.QuerySelectorAll("table tbody tr")[0].Squash(), Does.Contain("DMHC letter to Kaiser on deficiency 5"));

        var dashboard = await app.GetDocumentAsync("/");
        Assert.That(dashboard.QuerySelector("#headline")!.Squash(), Is.EqualTo("18–19 of 20 deficiencies not corrected"));
        Assert.That(dashboard.QuerySelector(".headline")!.Squash(), Does.Contain("Since then: D-05 Corrected"));
    }

    [Test]
    public async Task Post_ReusesASourceOnFile_WhenPicked()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        foreach (var key in form.Keys.Where(k => k.StartsWith("Input.Source.", StringComparison.Ordinal)).ToList())
        {
            form.Remove(key);
        }
        await using (var connection = await app.Database.OpenAsync())
        {
            form["Input.Source.ExistingId"] = (await connection.ExecuteScalarAsync<long>("SELECT Id FROM Sources WHERE Key = 'laist_brief'")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        // LAist is a news story: the regulator's status it reports is "reported", not "verified"; dated March 2025, as it is.
        form["Input.Confidence"] = "reported";
        form["Input.EffectiveOn"] = "2025-03";
        using var response = await client.SubmitAsync("/deficiencies/D-02/assess", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        var page = await app.GetDocumentAsync("/deficiencies/D-02");
        Assert.That(page.QuerySelectorAll("table tbody tr")[0].Squash(), Does.Contain("State says Kaiser has to fix care").And.Contain("Reported · from a news story"));
    }

    [Test]
    public async Task Post_RefusesVerified_WhenTheSourceIsNotTheAssessorsOwnDocument()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        form["Input.Source.Kind"] = "news";
        form["Input.Source.Title"] = "A news story about a DMHC letter";
        form["Input.Source.Publisher"] = "A newspaper";

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_Confidence")!.Squash(), Does.Contain("“verified” needs the regulator's own document").And.Contain("a secondary report (news story)"));
            Assert.That(page.QuerySelector("[name='Input.Source.Title']")!.GetAttribute("value"), Is.EqualTo("A news story about a DMHC letter"));
            Assert.That(await HistoryCountAsync("D-05"), Is.Zero);
        });
    }

    [Test]
    public async Task Get_PresetsNeitherConfidenceNorEffectiveDate_AndTheSourcePickerCanBeSearched()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var page = await TestApp.ParseAsync(await client.GetAsync("/deficiencies/D-05/assess"));
        var search = page.QuerySelector("input[name='Input.Source.Search']")!;

        Assert.Multiple(() =>
        {
            Assert.That(page.QuerySelectorAll("input[name='Input.Confidence']").Where(r => r.HasAttribute("checked")), Is.Empty);
            Assert.That(page.QuerySelector("input[name='Input.EffectiveOn']")!.GetAttribute("value"), Is.Null.Or.Empty);
            Assert.That(page.GetElementById(search.GetAttribute("list")!)!.QuerySelectorAll("option").Select(o => o.GetAttribute("value")),
                Has.Some.StartsWith("State says Kaiser has to fix care"));
        });
    }

    [Test]
    public async Task Post_FindsTheSourceFromWhatWasTyped_AndListsItOnTheItemAtOnce()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        foreach (var key in form.Keys.Where(k => k.StartsWith("Input.Source.", StringComparison.Ordinal)).ToList())
        {
            form.Remove(key);
        }
        form["Input.Source.Search"] = "Kaiser has to fix care";
        form["Input.Confidence"] = "reported";
        form["Input.EffectiveOn"] = "2025-03";

        using var response = await client.SubmitAsync("/deficiencies/D-07/assess", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
        var page = await app.GetDocumentAsync("/deficiencies/D-07");
        var sources = page.QuerySelectorAll("ul.sources li").Select(li => li.Squash()).ToList();
        Assert.That(sources, Has.Some.Contains("State says Kaiser has to fix care"));

        form["Input.Source.Search"] = "Kaiser";
        using var ambiguous = await client.SubmitAsync("/deficiencies/D-07/assess", form);
        var refused = await TestApp.ParseAsync(ambiguous);
        Assert.That(refused.GetElementById("Input_Source_Search_error")!.Squash(), Does.Match("matches \\d+ sources on file"));
    }

    [Test]
    public async Task Post_ANewSourceUsedOnTheForm_AppearsInTheItemsSources()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.SubmitAsync("/deficiencies/D-06/assess", ValidAssessment());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await app.GetDocumentAsync("/deficiencies/D-06");
        Assert.That(page.QuerySelectorAll("ul.sources li").Select(li => li.Squash()), Has.Some.Contains("DMHC letter to Kaiser on deficiency 5"));
    }

    [TestCase("Input.Reason", "", "Reason is required")]
    [TestCase("Input.Confidence", "", "Confidence is required")]
    [TestCase("Input.EffectiveOn", "2026-12-25", "Effective date cannot be in the future")]
    [TestCase("Input.EffectiveOn", "2026-12", "Effective date cannot be in the future")]
    [TestCase("Input.EffectiveOn", "2027", "Effective date cannot be in the future")]
    [TestCase("Input.EffectiveOn", "20/11/2026", "Effective date must be written yyyy-MM-dd, yyyy-MM (month known) or yyyy (year known)")]
    [TestCase("Input.Assessment", "regulator:claims-corrected", "New status: choose one from the list")]
    [TestCase("Input.Confidence", "certain", "Confidence: choose verified, reported or inferred")]
    [TestCase("Input.Source.Url", "ftp://example.org/x", "New source address must be a full http:// or https:// address")]
    [TestCase("Input.Source.Url", "javascript:alert(1)", "New source address must be a full http:// or https:// address")]
    [TestCase("Input.Source.Publisher", "", "New source publisher is required")]
    public async Task Post_RefusesWithAMessageNamingTheField_AndKeepsTheInput(string field, string value, string message)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var before = await HistoryCountAsync("D-05");
        var form = ValidAssessment("My careful reason <b>kept</b>");
        form[field] = value;

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(response);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(message));
            if (field != "Input.Reason")
            {
                Assert.That(((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Input.Reason']")!).Value, Is.EqualTo("My careful reason <b>kept</b>"));
            }
            Assert.That(page.QuerySelectorAll("main b"), Is.Empty, "markup typed into a field is shown as text");
            Assert.That(await HistoryCountAsync("D-05"), Is.EqualTo(before));
        });
    }

    [TestCase("2026-11", "month", "November 2026", "Nov 2026")]
    [TestCase("2026", "year", "2026", "2026")]
    public async Task Post_KeepsTheDateAtThePrecisionTheSourceGives_AndPagesShowItSo(string typed, string precision, string full, string short_)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        // The current month and year have begun, so they are not "in the future"; the source's own date is later than
        // the start of either, so no confirmation is asked for.
        form["Input.EffectiveOn"] = typed;

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        await using (var connection = await app.Database.OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<string>(
                "SELECT sc.EffectivePrecision FROM StatusChanges sc JOIN Deficiencies d ON d.Id = sc.SubjectId "
                + "WHERE sc.SubjectType = 'deficiency' AND d.Code = 'D-05' ORDER BY sc.Id DESC LIMIT 1");
            Assert.That(stored, Is.EqualTo(precision));
        }
        var page = await app.GetDocumentAsync("/deficiencies/D-05");
        var regulator = page.QuerySelectorAll(".assessment").First(a => a.QuerySelector("h3")!.Squash() == "Regulator").Squash();
        var row = page.QuerySelectorAll("table tbody tr")[0];
        Assert.Multiple(() =>
        {
            Assert.That(regulator, Does.Contain($"Effective {full}.").And.Not.Match(@"(?<!\d)1 (November|January) 2026"), "never the first day for a month or year");
            Assert.That(row.QuerySelector("td[data-label=Effective]")!.Squash(), Is.EqualTo(short_));
        });
        var csv = await (await app.CreateClient().GetAsync("/data/status-changes.csv")).Content.ReadAsStringAsync();
        var line = csv.Split('\n').Single(l => l.Contains("DMHC letter says D-05 is corrected.", StringComparison.Ordinal));
        Assert.That(line, Does.Contain($",{typed},"), "the export gives the date as precisely as it is known, no more");
    }

    [Test]
    public async Task Get_PresetsNoConfidence_AndPostWithoutOneIsRefusedNamingTheField()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var get = await TestApp.ParseAsync(await client.GetAsync("/deficiencies/D-05/assess"));
        Assert.That(get.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().Where(r => r.IsChecked), Is.Empty);

        var form = ValidAssessment();
        form.Remove("Input.Confidence");
        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(response);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_Confidence")!.Squash(), Does.Contain("Confidence is required"));
            Assert.That(await HistoryCountAsync("D-05"), Is.Zero);
        });
    }

    [Test]
    public async Task Post_AsksForConfirmation_WhenTheStatusTakesEffectAfterItsSourceIsDated_AndSavesOnceConfirmed()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment("A letter of March 2025 cannot say what happened in November 2026.");
        form["Input.Source.PublishedOn"] = "2025-03-03";

        using var refused = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(refused);
        var box = (IHtmlInputElement)page.GetElementById("Input_ConfirmAfterSource")!;
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain(
                "The source is dated 3 March 2025 but the status takes effect 20 November 2026: a source cannot usually attest to what happened after it was written."));
            Assert.That(page.GetElementById("Input_ConfirmAfterSource_error")!.Squash(), Does.Contain("tick “I confirm"));
            Assert.That(box.IsChecked, Is.False);
            Assert.That(((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Input.Reason']")!).Value, Is.EqualTo("A letter of March 2025 cannot say what happened in November 2026."));
            Assert.That(page.QuerySelector("[name='Input.Source.PublishedOn']")!.GetAttribute("value"), Is.EqualTo("2025-03-03"));
            Assert.That(page.QuerySelectorAll("input[name='Input.Confidence']").Cast<IHtmlInputElement>().Single(r => r.IsChecked).Value, Is.EqualTo("verified"));
            Assert.That(await HistoryCountAsync("D-05"), Is.Zero);
        });

        // The page as returned, with only the box ticked: everything typed went back with it.
        var returned = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        using var saved = await client.PostFormAsync(returned, new Dictionary<string, string> { ["Input.ConfirmAfterSource"] = "true" }, "/deficiencies/D-05/assess");
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        Assert.That(await HistoryCountAsync("D-05"), Is.EqualTo(1));
    }

    [TestCase("2025-03", "2025-03-03")]
    [TestCase("2025-03-03", "2025-03")]
    [TestCase("2025-03-03", "2025-03-03")]
    public async Task Post_AsksNoConfirmation_WhenTheDatesMayBeTheSame(string effective, string sourceDate)
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        form["Input.EffectiveOn"] = effective;
        form["Input.Source.PublishedOn"] = sourceDate;
        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Post_AcceptsANewSourceWithoutAnAddress_AndNamesItWithoutALink()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        form["Input.Source.Url"] = "";
        form["Input.Source.Title"] = "DMHC letter to Kaiser, 20 November 2026 (received by the union)";

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await response.Content.ReadAsStringAsync());

        var page = await app.GetDocumentAsync("/deficiencies/D-05");
        var regulator = page.QuerySelectorAll(".assessment").First(a => a.QuerySelector("h3")!.Squash() == "Regulator");
        Assert.Multiple(() =>
        {
            Assert.That(regulator.Squash(), Does.Contain("Source: DMHC letter to Kaiser, 20 November 2026 (received by the union) (no address on record)"));
            Assert.That(page.QuerySelectorAll("a").Where(a => string.IsNullOrWhiteSpace(a.GetAttribute("href"))), Is.Empty, "no link to nothing");
        });
    }

    [Test]
    public async Task Post_RefusesANewSourceWithNeitherAddressNorDate_NamingTheDate_UnlessMarkedUndated()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        form["Input.Source.Url"] = "";
        form["Input.Source.PublishedOn"] = "";

        using var refused = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(refused);
        Assert.Multiple(async () =>
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page.GetElementById("Input_Source_PublishedOn_error")!.Squash(), Does.Contain("New source date is required for a document with no address").And.Contain("undated"));
            Assert.That(page.QuerySelector("[name='Input.Source.Title']")!.GetAttribute("value"), Is.EqualTo("DMHC letter to Kaiser on deficiency 5"));
            Assert.That(await HistoryCountAsync("D-05"), Is.Zero);
        });

        form["Input.Source.Undated"] = "true";
        using var saved = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        Assert.That(saved.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), await saved.Content.ReadAsStringAsync());
        await using var connection = await app.Database.OpenAsync();
        var source = await connection.QuerySingleAsync<(string Url, bool Undated)>(
            "SELECT Url, PublishedOn IS NULL AS Undated FROM Sources WHERE Title = 'DMHC letter to Kaiser on deficiency 5'");
        Assert.That(source, Is.EqualTo((string.Empty, true)), "no address is kept as '', and no date as none");
    }

    [Test]
    public async Task Post_RequiresASource()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var form = ValidAssessment();
        foreach (var field in new[] { "Title", "Publisher", "Url", "PublishedOn" })
        {
            form[$"Input.Source.{field}"] = "";
        }

        using var response = await client.SubmitAsync("/deficiencies/D-05/assess", form);
        var page = await TestApp.ParseAsync(response);
        Assert.That(page.QuerySelector(".error-summary")!.Squash(), Does.Contain("Source is required"));
    }

    [Test]
    public async Task Post_IsRefusedWithWhatChanged_WhenSomeoneElseSavedMeanwhile()
    {
        using var alice = await app.SignedInClientAsync("Editor", "alice@example.org");
        using var bob = await app.SignedInClientAsync("Editor", "bob@example.org");
        var bobsForm = (IHtmlFormElement)(await TestApp.ParseAsync(await bob.GetAsync("/deficiencies/D-05/assess"))).QuerySelector("main form[method=post]")!;

        using var first = await alice.SubmitAsync("/deficiencies/D-05/assess", ValidAssessment("Alice's reason"));
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var bobs = ValidAssessment("Bob's reason, still here");
        bobs["Input.Assessment"] = "union:not-corrected";
        bobs["Input.Confidence"] = "reported";
        using var second = await bob.PostFormAsync(bobsForm, bobs, "/deficiencies/D-05/assess");
        var page = await TestApp.ParseAsync(second);

        Assert.Multiple(() =>
        {
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(page.QuerySelector(".conflict")!.Squash(), Does.Contain("Regulator: Corrected").And.Contain("effective 20 November 2026"));
            Assert.That(((IHtmlTextAreaElement)page.QuerySelector("textarea[name='Input.Reason']")!).Value, Is.EqualTo("Bob's reason, still here"));
            Assert.That(((IHtmlSelectElement)page.QuerySelector("select[name='Input.Assessment']")!).Value, Is.EqualTo("union:not-corrected"));
        });

        // Saving again from the refreshed form goes through.
        var retryForm = (IHtmlFormElement)page.QuerySelector("main form[method=post]")!;
        using var retry = await bob.PostFormAsync(retryForm, new Dictionary<string, string>(), "/deficiencies/D-05/assess");
        Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
    }

    [Test]
    public async Task Post_FiftyConcurrentChangesFromTwoClients_LoseNothing()
    {
        using var alice = await app.SignedInClientAsync("Editor", "alice@example.org");
        using var bob = await app.SignedInClientAsync("Editor", "bob@example.org");
        var before = await HistoryCountAsync("D-06");

        async Task<(int Index, HttpStatusCode Status, string Body)> Change(HttpClient client, int i)
        {
            var form = ValidAssessment($"Concurrent change number {i}");
            form["Input.Assessment"] = i % 2 == 0 ? "union:not-corrected" : "plan:in-progress";
            // The source is the regulator's letter: for the union's and the plan's statuses it is someone else's account.
            form["Input.Confidence"] = "reported";
            form["Input.Source.Url"] = $"https://example.org/evidence/{i}";
            // A secondary source (example.org) supports "reported", not "verified".
            form["Input.Confidence"] = "reported";
            using var response = await client.SubmitAsync("/deficiencies/D-06/assess", form);
            return (i, response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Change(i % 2 == 0 ? alice : bob, i)));
        var accepted = results.Where(r => r.Status == HttpStatusCode.Redirect).Select(r => r.Index).ToList();
        var refused = results.Where(r => r.Status == HttpStatusCode.Conflict).ToList();

        await using var connection = await app.Database.OpenAsync();
        var reasons = (await connection.QueryAsync<string>(
            "SELECT Reason FROM StatusChanges sc JOIN Deficiencies d ON d.Id = sc.SubjectId WHERE d.Code = 'D-06' AND sc.SubjectType = 'deficiency'")).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(accepted.Count + refused.Count, Is.EqualTo(50), "every request was either accepted or told it was refused");
            Assert.That(accepted, Is.Not.Empty);
            Assert.That(refused.All(r => r.Body.Contains("someone else saved this item", StringComparison.Ordinal)), Is.True);
            Assert.That(reasons.Count, Is.EqualTo(before + accepted.Count));
            foreach (var i in accepted)
            {
                Assert.That(reasons.Count(r => r == $"Concurrent change number {i}"), Is.EqualTo(1), $"change {i} appears exactly once");
            }
            foreach (var r in refused)
            {
                Assert.That(reasons, Does.Not.Contain($"Concurrent change number {r.Index}"));
            }
            Assert.That(await connection.ExecuteScalarAsync<int>("SELECT Version FROM Deficiencies WHERE Code = 'D-06'"), Is.EqualTo(1 + accepted.Count));
            // Each accepted save claimed the version after the one its form was read at: without the version check two
            // saves read at the same version would both claim the next one, and this list would have repeats.
            var claimed = (await connection.QueryAsync<int>(
                "SELECT sc.ResultingVersion FROM StatusChanges sc JOIN Deficiencies d ON d.Id = sc.SubjectId WHERE d.Code = 'D-06' AND sc.SubjectType = 'deficiency' AND sc.ResultingVersion IS NOT NULL ORDER BY sc.Id")).ToList();
            Assert.That(claimed, Is.EqualTo(Enumerable.Range(2, accepted.Count).ToList()), "every accepted save claimed its own version, in order");
        });
    }

    [Test]
    public async Task Post_WithACorrection_ShowsTheCorrectedEntryAsCorrected()
    {
        using var client = await app.SignedInClientAsync("Editor");
        await client.SubmitAsync("/deficiencies/D-07/assess", ValidAssessment("Typed the wrong deficiency"));
        long wrongId;
        await using (var connection = await app.Database.OpenAsync())
        {
            wrongId = await connection.ExecuteScalarAsync<long>("SELECT MAX(Id) FROM StatusChanges");
        }

        var fix = ValidAssessment("The letter was about D-08, not D-07: back to no individual assessment.");
        fix["Input.Assessment"] = "regulator:not-yet-assessed";
        fix["Input.Corrects"] = wrongId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var response = await client.SubmitAsync("/deficiencies/D-07/assess", fix);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));

        var page = await app.GetDocumentAsync("/deficiencies/D-07");
        var rows = page.QuerySelectorAll("table tbody tr").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(2), "the corrected entry stays visible");
            Assert.That(page.GetElementById($"change-{wrongId}")!.Squash(), Does.Contain("Corrected by"));
            Assert.That(rows[0].Squash(), Does.Contain("Corrects"));
            Assert.That(page.QuerySelectorAll(".assessment")[0].Squash(), Does.Contain("Not yet assessed"));
        });
    }

    [Test]
    public async Task Post_ChangesNothing_WhenAnonymous()
    {
        var before = await HistoryCountAsync("D-05");
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var get = await client.GetAsync("/deficiencies/D-05/assess");
        using var post = await client.PostAsync("/deficiencies/D-05/assess", new FormUrlEncodedContent(ValidAssessment()));

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(get.Headers.Location!.ToString(), Does.Contain("/account/login"));
        Assert.That((int)post.StatusCode, Is.AnyOf(302, 400));
        Assert.That(await HistoryCountAsync("D-05"), Is.EqualTo(before));
    }

    [Test]
    public async Task Post_ChangesNothing_WithoutAnAntiforgeryToken()
    {
        using var client = await app.SignedInClientAsync("Editor");
        var before = await HistoryCountAsync("D-05");

        using var post = await client.PostAsync("/deficiencies/D-05/assess", new FormUrlEncodedContent(ValidAssessment()));

        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await HistoryCountAsync("D-05"), Is.EqualTo(before));
    }

    [Test]
    public async Task Get_Answers404_ForAnUnknownDeficiency()
    {
        using var client = await app.SignedInClientAsync("Editor");
        using var response = await client.GetAsync("/deficiencies/D-99/assess");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
