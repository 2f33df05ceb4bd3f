using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OmniBots.Platform.Jobs;

namespace OmniBots.Platform.Email;

internal static class EmailModule
{
    public static void AddPlatformEmail(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailSettings>().Bind(configuration.GetSection(EmailSettings.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmailSettings>, EmailSettingsValidator>();
        services.AddSingleton<SmtpDelivery>();
        services.AddScoped<IEmailSender, OutboxEmailSender>();
        services.AddJobHandler<EmailSendHandler>(EmailSendHandler.Kind);
    }
}
