using SmsCallback.Api;
using SmsCallback.Api.Operations;
using SmsCallback.Infrastructure;
using SmsCallback.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInfrastructure(builder.Configuration).AddCallbackProcessing();
builder.Services.AddApi(builder.Configuration, InstanceSecretsOf(builder.Services));
builder.AddObservability();

var app = builder.Build();
await app.InitialiseAsync();
app.UseApi();
app.UseObservability();
await app.RunAsync();

static InstanceSecrets InstanceSecretsOf(IServiceCollection services) =>
    (InstanceSecrets)services.First(d => d.ServiceType == typeof(InstanceSecrets)).ImplementationInstance!;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
