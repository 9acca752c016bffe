// Light progressive enhancement only: every page works without this file.
// Upload forms marked data-progress show how far the upload has come.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-progress]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var bar = form.querySelector("progress");
      var status = form.querySelector("[data-status]");
      if (!bar || !window.FormData || !window.XMLHttpRequest) return;
      // Refuse an oversized file before sending it: the server would close the connection mid-upload.
      var max = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
      var input = form.querySelector("input[type=file]");
      if (max > 0 && input && input.files && input.files[0] && input.files[0].size > max) {
        event.preventDefault();
        if (status) status.textContent = form.getAttribute("data-too-large") || "";
        return;
      }
      event.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      bar.hidden = false;
      xhr.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          bar.value = e.loaded / e.total;
          if (status) status.textContent = Math.round(100 * e.loaded / e.total) + " %";
        }
      });
      xhr.upload.addEventListener("load", function () {
        if (status) status.textContent = form.getAttribute("data-analysing") || "…";
      });
      xhr.addEventListener("load", function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
        if (xhr.responseURL) history.replaceState(null, "", xhr.responseURL);
      });
      xhr.send(new FormData(form));
    });
  });
});
