/*
 * Reads a private key file in the browser into the "Private key" field, where it is checked like a pasted key.
 * The key never travels as a file upload: the server would spool an uploaded part to a temporary file on disk.
 * The file input has no name, so the form never sends it; a file larger than any private key is refused here.
 */
(function () {
    var LIMIT = 16384;
    document.addEventListener('change', function (event) {
        var input = event.target;
        if (!input.matches || !input.matches('input[type=file][data-key-target]')) {
            return;
        }
        var file = input.files && input.files[0];
        if (!file) {
            return;
        }
        var target = document.getElementById(input.getAttribute('data-key-target'));
        var note = document.getElementById(input.getAttribute('data-key-note'));
        input.value = '';
        if (file.size > LIMIT) {
            note.textContent = 'That file is ' + Math.ceil(file.size / 1024) + ' KiB; a private key is a few KiB at most. '
                + 'Choose the key file itself.';
            return;
        }
        note.textContent = '';
        var reader = new FileReader();
        reader.onload = function () {
            target.value = reader.result;
            target.dispatchEvent(new Event('change', {bubbles: true}));
        };
        reader.readAsText(file);
    });
})();
