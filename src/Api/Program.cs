using SmsCallback.Api;
using SmsCallback.Infrastructure;
using SmsCallback.Infrastructure.Security;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddInfrastructure(builder.Configuration).AddCallbackProcessing();
builder.Services.AddApi(builder.Configuration, InstanceSecretsOf(builder.Services));

var app = builder.Build();
await app.InitialiseAsync();
app.UseApi();
await app.RunAsync();

static InstanceSecrets InstanceSecretsOf(IServiceCollection services) =>
    (InstanceSecrets)services.First(d => d.ServiceType == typeof(InstanceSecrets)).ImplementationInstance!;

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
