using System.Net;
using Microsoft.EntityFrameworkCore;
using ShopPortal.Data;
using ShopPortal.Tests.TestHost;

namespace ShopPortal.Tests.Foundation;

[TestClass]
public sealed class TeamTests
{
    [TestMethod]
    public async Task Manager_adds_a_technician_who_can_sign_in_and_log_labor_but_not_manage()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var manager = await app.SignInAsync();
        var team = await manager.GetPageAsync("/Team");
        var added = await manager.SubmitPageAsync(team.Form("main form[method=post]"), new()
        {
            ["Input.DisplayName"] = "Tess Tech",
            ["Input.Email"] = "tess@shop.test",
            ["Input.Role"] = "Technician",
            ["Input.Password"] = "Tess-password-1",
        });
        StringAssert.Contains(added.Text, "Tess Tech can now sign in");

        var tess = await app.SignInAsync("tess@shop.test", "Tess-password-1");
        var item = await app.WithDbAsync(db => db.Discrepancies.Where(d => d.WorkOrder.Number == "WO-1002").Select(d => new { d.WorkOrderId, d.Id }).FirstAsync());
        var itemPage = await tess.GetPageAsync($"/WorkOrders/{item.WorkOrderId}/Items/{item.Id}");
        await tess.SubmitAsync(itemPage.Form("form[action*='handler=LogLabor']"), new() { ["Labor.Hours"] = "1.5" });
        Assert.AreEqual("Tess Tech", await app.WithDbAsync(db => db.LaborEntries.Where(l => l.DiscrepancyId == item.Id).Select(l => l.TechnicianName).SingleAsync()));
        Assert.AreEqual(HttpStatusCode.Forbidden, (await tess.GetAsync("/Team")).StatusCode);
    }

    [TestMethod]
    public async Task Manager_resets_a_password()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        var page = await manager.SubmitPageAsync(edit.Form("form[action*='handler=Password']"), new() { ["Password.NewPassword"] = "Brand-new-pass-2" });
        StringAssert.Contains(page.Text, "Password reset");
        await app.SignInAsync(TestApp.TechnicianEmail, "Brand-new-pass-2");
    }

    // Identity itself re-checks a session against the user only every 30 minutes; these promise "at once".
    [TestMethod]
    public async Task A_demoted_manager_is_signed_out_on_their_very_next_request()
    {
        using var app = new TestApp();
        var other = await app.CreateStaffAsync("second@shop.test", Roles.Manager, "Second Manager");
        var second = await app.SignInAsync("second@shop.test", TestApp.Password, followRedirects: false);
        Assert.AreEqual(HttpStatusCode.OK, (await second.GetAsync("/Team")).StatusCode, "A manager before the change.");

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{other}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });

        await AssertSignedOutAsync(second, "/Team");
        var again = await app.SignInAsync("second@shop.test", TestApp.Password, followRedirects: false);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await again.GetAsync("/Team")).StatusCode, "Signed in again, as a technician.");
        Assert.AreEqual(HttpStatusCode.OK, (await manager.GetAsync("/Team")).StatusCode, "The manager who made the change stays signed in.");
    }

    [TestMethod]
    public async Task A_removed_member_is_signed_out_on_their_very_next_request()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await app.SignInAsync(TestApp.TechnicianEmail, TestApp.Password, followRedirects: false);
        Assert.AreEqual(HttpStatusCode.OK, (await technician.GetAsync("/WorkOrders")).StatusCode);

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        StringAssert.Contains((await manager.SubmitPageAsync(edit.Form("form[action*='handler=Delete']"))).Text, "was removed from the team");

        await AssertSignedOutAsync(technician, "/WorkOrders");
    }

    [TestMethod]
    public async Task A_password_reset_signs_the_member_out_of_the_sessions_they_had()
    {
        using var app = new TestApp();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var lostPhone = await app.SignInAsync(TestApp.TechnicianEmail, TestApp.Password, followRedirects: false);
        Assert.AreEqual(HttpStatusCode.OK, (await lostPhone.GetAsync("/WorkOrders")).StatusCode);

        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Password']"), new() { ["Password.NewPassword"] = "Brand-new-pass-2" });

        await AssertSignedOutAsync(lostPhone, "/WorkOrders");
        var fresh = await app.SignInAsync(TestApp.TechnicianEmail, "Brand-new-pass-2", followRedirects: false);
        Assert.AreEqual(HttpStatusCode.OK, (await fresh.GetAsync("/WorkOrders")).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await fresh.GetAsync("/WorkOrders")).StatusCode, "The new session stays signed in.");
    }

    [TestMethod]
    public async Task A_renamed_member_keeps_their_session_and_gets_the_new_name_within_half_an_hour()
    {
        using var app = new TestApp();
        await app.LoadSampleDataAsync();
        var id = await app.CreateStaffAsync(TestApp.TechnicianEmail, Roles.Technician);
        var technician = await app.SignInAsync(TestApp.TechnicianEmail, TestApp.Password);
        var manager = await app.SignInAsync();
        var edit = await manager.GetPageAsync($"/Team/Edit/{id}");
        await manager.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.DisplayName"] = "Terry Torque" });

        var workOrder = await app.WorkOrderIdAsync("WO-1002");
        var url = $"/WorkOrders/{workOrder}";
        await technician.SubmitAsync((await technician.GetPageAsync(url)).Form("form[action*='handler=Reply']"), new() { ["reply.Body"] = "Before the half hour." });
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        await technician.SubmitAsync((await technician.GetPageAsync(url)).Form("form[action*='handler=Reply']"), new() { ["reply.Body"] = "After it." });

        var authors = await app.WithDbAsync(db => db.Comments.Where(c => c.StaffUserId == id).OrderBy(c => c.Id).Select(c => c.AuthorName).ToListAsync());
        Assert.AreEqual("Terry Technician|Terry Torque", string.Join("|", authors), "The cookie's name until Identity's half-hourly check, the new one after it.");
    }

    private static async Task AssertSignedOutAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.AreEqual(HttpStatusCode.Redirect, response.StatusCode, $"{url} should send the old session to sign in.");
        StringAssert.Contains(response.Headers.Location?.ToString(), "/Account/Login");
        Assert.AreEqual(HttpStatusCode.Redirect, (await client.GetAsync(url)).StatusCode, "The session stays signed out.");
    }

    [TestMethod]
    public async Task The_last_manager_cannot_be_demoted_or_removed()
    {
        using var app = new TestApp();
        var client = await app.SignInAsync();
        var id = await app.WithDbAsync(db => db.Users.Where(u => u.Email == TestApp.ManagerEmail).Select(u => u.Id).SingleAsync());

        var edit = await client.GetPageAsync($"/Team/Edit/{id}");
        var page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });
        StringAssert.Contains(page.Text, "last manager");
        page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Delete']"));
        StringAssert.Contains(page.Text, "last manager");

        Assert.AreEqual(1, await app.WithDbAsync(db => db.Users.CountAsync()));
        Assert.AreEqual(HttpStatusCode.OK, (await client.GetAsync("/Team")).StatusCode, "Still a manager.");
    }

    [TestMethod]
    public async Task A_manager_can_be_demoted_once_another_manager_exists()
    {
        using var app = new TestApp();
        var other = await app.CreateStaffAsync("second@shop.test", Roles.Manager, "Second Manager");
        var client = await app.SignInAsync();
        var edit = await client.GetPageAsync($"/Team/Edit/{other}");
        var page = await client.SubmitPageAsync(edit.Form("form[action*='handler=Profile']"), new() { ["Profile.Role"] = "Technician" });
        StringAssert.Contains(page.Text, "saved as Technician");
    }
}
