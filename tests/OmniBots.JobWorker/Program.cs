using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OmniBots.JobWorker;
using OmniBots.Platform;
using OmniBots.Platform.Jobs;

// The platform as a worker process would compose it, plus one test handler. Settings come from
// the command line (--Database:ConnectionString=… --Jobs:LeaseSeconds=2 …).
var builder = Host.CreateApplicationBuilder(args);
builder.Configuration["Hosting:Roles"] ??= "worker";
builder.Services.AddPlatform(builder.Configuration);
builder.Services.AddJobHandler<RecordRunHandler>(RecordRunHandler.Kind);
// As in Development: a singleton capturing a scoped service (IJobQueue) fails the start.
builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }));
await builder.Build().RunAsync();
