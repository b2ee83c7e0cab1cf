namespace SmsCallback.Infrastructure.Switching;

/// <summary>Which adapter is the <see cref="Application.Common.Interfaces.ISwitch"/>: <c>Switch:Provider</c>.</summary>
public enum SwitchProvider { Simulator, Asterisk }
