using System.Net;
using ComplianceTracker.Tests.Support;
using ComplianceTracker.Web.Features.Alerts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ComplianceTracker.Tests.Features.Alerts;

/// <summary>Subscribing as a reader does: the form, the one confirmation message, its single-use 48-hour link.</summary>
public sealed class SubscribeTests
{
    [Test]
    public async Task Subscribe_SendsOnlyTheConfirmation_UntilItsLinkIsFollowed_ThenTheLinkWorksOnce()
    {
        await MailServer.RequireAsync();
        using var app = AlertKit.App();
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();

        // The deficiency's page carries the small form that opens /alerts with D-01 chosen.
        var detail = await app.GetDocumentAsync("/deficiencies/D-01");
        Assert.That(detail.QuerySelector("form.follow input[name=follow]")?.GetAttribute("value"), Is.EqualTo("deficiency:D-01"));

        using (var answer = await AlertKit.SubscribeAsync(reader, email, "deficiency:D-01"))
        {
            var page = await TestApp.ParseAsync(answer);
            Assert.That(page.QuerySelector("#requested")?.TextContent, Does.Contain(AlertText.CheckInbox));
            Assert.That(page.DocumentElement.OuterHtml, Does.Not.Contain(email), "the page never shows the address");
        }
        var messages = await MailServer.WaitForAsync(email);
        Assert.That(messages, Has.Count.EqualTo(1), "only the confirmation is sent");
        var confirmation = messages[0];
        Assert.Multiple(() =>
        {
            Assert.That(confirmation.Subject, Does.StartWith("Confirm: follow D-01"));
            Assert.That(confirmation.TextBody, Does.Contain(AlertText.NothingUntilThisLink));
            Assert.That(confirmation.HtmlBody, Does.Not.Contain("<img"), "no tracking pixel");
        });

        var link = AlertKit.PathOf(AlertKit.LinkTo(confirmation, "/alerts/confirm"));
        // Opening the link (as a mail scanner does, twice over) asks; it subscribes no one.
        for (var visit = 0; visit < 2; visit++)
        {
            using var opened = await reader.GetAsync(link);
            var asking = await TestApp.ParseAsync(opened);
            Assert.Multiple(() =>
            {
                Assert.That(opened.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(asking.QuerySelector("h1")?.TextContent, Is.EqualTo("Confirm your subscription"));
                Assert.That(asking.QuerySelector("main")!.TextContent, Does.Contain(AlertText.NothingUntilPressed));
            });
        }
        await using (var db = await app.Database.OpenAsync())
        {
            Assert.That(await Dapper.SqlMapper.ExecuteScalarAsync<string>(db, "SELECT State FROM AlertSubscriptions"), Is.EqualTo("pending"), "opening the link changed nothing");
        }
        using (var first = await reader.SubmitAsync(link, new Dictionary<string, string>(), "form#confirm"))
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await TestApp.ParseAsync(first)).QuerySelector("h1")?.TextContent, Is.EqualTo("Subscription confirmed"));
        }
        using (var again = await reader.GetAsync(link))
        {
            // Used once: the second visit changes nothing and says the subscription stands.
            Assert.That((await TestApp.ParseAsync(again)).QuerySelector(".notice")?.TextContent, Is.EqualTo(AlertText.LinkUsed));
        }
    }

    [Test]
    public async Task Subscribe_AnswersAlike_WhetherOrNotTheAddressAlreadyFollows()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();

        using var first = await AlertKit.SubscribeAsync(reader, email, "deficiency:D-01");
        using var second = await AlertKit.SubscribeAsync(reader, email, "deficiency:D-01");
        using var other = await AlertKit.SubscribeAsync(reader, MailServer.NewAddress(), "deficiency:D-01");

        var answers = new[] { first, second, other }.Select(r => r.Content.ReadAsStringAsync().Result).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Contains(AlertText.CheckInbox, StringComparison.Ordinal)), Is.All.True);
            Assert.That(MainText(answers[1]), Is.EqualTo(MainText(answers[2])), "a known address is answered as a new one");
            Assert.That(answers, Has.None.Contains(email));
        });
    }

    [Test]
    public async Task Subscribe_IsRefused_PastTheClientsRateLimit()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false, settings: new Dictionary<string, string?> { ["Alerts:SubscribePermitLimit"] = "2" });
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 2; i++)
        {
            using var allowed = await AlertKit.SubscribeAsync(reader, MailServer.NewAddress(), "case");
            Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        using var refused = await AlertKit.SubscribeAsync(reader, MailServer.NewAddress(), "case");
        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(await refused.Content.ReadAsStringAsync(), Does.Contain("Too many subscribe requests"));
    }

    [Test]
    public async Task Subscribe_NamesTheField_WhenTheAddressIsNotOne()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var answer = await AlertKit.SubscribeAsync(reader, "not an address", "case");
        Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var page = await TestApp.ParseAsync(answer);
        Assert.That(page.QuerySelector(".form-errors a[href='#Input_Email']")?.TextContent, Does.StartWith("Email must be an address"));
    }

    [Test]
    public async Task ConfirmationLink_Expires_After48Hours()
    {
        using var app = AlertKit.App(smtp: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var email = MailServer.NewAddress();
        using (await AlertKit.SubscribeAsync(reader, email, "editions"))
        {
        }
        var confirmation = (await AlertKit.WaitForPickupAsync(app, email))[0];
        app.Clock.Advance(TimeSpan.FromHours(48) + TimeSpan.FromMinutes(1));
        using var late = await reader.GetAsync(AlertKit.PathOf(AlertKit.LinkTo(confirmation, "/alerts/confirm")));
        Assert.That(late.StatusCode, Is.EqualTo(HttpStatusCode.Gone));
        Assert.That((await TestApp.ParseAsync(late)).QuerySelector(".notice")?.TextContent, Is.EqualTo(AlertText.LinkExpired));
    }

    [Test]
    public async Task ForgedOrAlteredLinks_ChangeNothing()
    {
        using var app = AlertKit.App(smtp: false, jobServer: false);
        using var reader = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        foreach (var path in new[] { "/alerts/confirm?token=abc", "/alerts/manage?token=abc", "/alerts/unsubscribe?token=abc" })
        {
            using var response = await reader.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), path);
        }
        using var oneClick = await reader.PostAsync("/alerts/one-click?token=abc", new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.That(oneClick.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static string MainText(string html) => new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("main")!.TextContent;
}
