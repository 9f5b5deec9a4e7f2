// The review page's buttons: each posts a decision to the server that served the page, with its token.
(function () {
  var token = new URLSearchParams(location.search).get("token") || "";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]");
    if (!button) { return; }
    var form = button.closest("form.actions"), answer = form.querySelector(".answer");
    var body = {
      fact_id: form.dataset.fact, action: button.dataset.action, by: document.getElementById("by").value,
      value: button.dataset.value || (button.dataset.action === "correct" ? form.elements.value.value : ""),
      note: form.elements.note.value
    };
    answer.textContent = "saving...";
    fetch("review", {method: "POST", headers: {"Content-Type": "application/json", "X-Token": token}, body: JSON.stringify(body)})
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        var data = result[1];
        answer.textContent = result[0] ? "saved: " + data.status + (data.value ? " " + data.value : "") + " by " + data.by : data.error;
      })
      .catch(function (error) { answer.textContent = String(error); });
  });
})();
