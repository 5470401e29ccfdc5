using System.Text.Json.Nodes;

namespace LicenseBot.Sandbox;

/// <summary>Takes a <c>conversation.activity</c> for one device's event socket; must return at once (called under the state's lock).</summary>
public interface IDeviceEventSink
{
    void Publish(string deviceId, JsonObject activity);

    /// <summary>The device was deleted: its socket closes and its buffered events are gone.</summary>
    void Forget(string deviceId);
}
