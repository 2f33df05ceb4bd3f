using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Fakes;
using OmniBots.Platform.Email;
using OmniBots.Testing;
using Xunit;

namespace OmniBots.Platform.Tests.Email;

public sealed class SmtpSenderTests(SmtpSenderTests.Fixture fixture) : IClassFixture<SmtpSenderTests.Fixture>
{
    public sealed class Fixture : HostFixture
    {
        public FakeSmtpServer Smtp { get; } = new();

        protected override HostSettings Settings => new()
        {
            Extra = new Dictionary<string, string?>
            {
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:UseTls"] = "false",
                ["Email:Smtp:From"] = "OmniBots <no-reply@omnibots.test>",
            },
        };
    }

    [Fact]
    public async Task Message_IsDeliveredByTheJob_WithHeadersBodyAndRecipients_AndItsBodyIsNotKept()
    {
        var subject = "Welcome " + Guid.NewGuid().ToString("N")[..8];
        await using (var scope = fixture.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IEmailSender>().SendAsync(
                new EmailMessage(["ada@example.com", "bob@example.com"], subject, "Hello Ada,\r\n.leading dot\r\nbye"), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => Task.FromResult(fixture.Smtp.Messages.Any(m => m.Header("Subject") == subject)), TimeSpan.FromSeconds(20), "the fake SMTP server received the message");
        var received = fixture.Smtp.Messages.Single(m => m.Header("Subject") == subject);

        Assert.Equal("no-reply@omnibots.test", received.MailFrom);
        Assert.Equal(["ada@example.com", "bob@example.com"], received.Recipients);
        Assert.Contains("no-reply@omnibots.test", received.Header("From"), StringComparison.Ordinal);
        Assert.Contains("ada@example.com", received.Header("To"), StringComparison.Ordinal);
        Assert.Contains("Hello Ada,\r\n.leading dot\r\nbye", received.DecodedBody, StringComparison.Ordinal);
        await Eventually.TrueAsync(async () => await fixture.Database.ScalarAsync<long>(
            "SELECT count(*) FROM platform.email_outbox WHERE subject = @s AND status = 'sent' AND text_body IS NULL", ("s", subject)) == 1, TimeSpan.FromSeconds(10), "the outbox row is marked sent");
    }

    [Fact]
    public void SmtpSettings_AreValidatedNamingTheSetting()
    {
        var validator = new EmailSettingsValidator();
        var result = validator.Validate(null, new EmailSettings { Smtp = new SmtpSettings { Host = "smtp.example.com", Port = 0, From = "nope", Username = "u" } });
        Assert.True(result.Failed);
        Assert.Contains("Email:Smtp:Port", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Email:Smtp:From", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Email:Smtp:Password", result.FailureMessage, StringComparison.Ordinal);
        Assert.True(validator.Validate(null, new EmailSettings()).Succeeded);
    }

    [Fact]
    public void Options_BindUseTls()
        => Assert.False(fixture.Host.Services.GetRequiredService<IOptions<EmailSettings>>().Value.Smtp.UseTls);
}
