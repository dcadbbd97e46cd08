/*
 * What every console page shares. A live refresh (p:poll) re-renders parts of the page every few seconds; a
 * re-render would close a dialog, menu or overlay the person has open, or replace a field they are typing in. Every
 * poll therefore asks mayRefresh from its onstart (which cancels that round when it answers false) and simply
 * refreshes at its next tick instead.
 */
window.EcsConsole = {
    OPEN_OVERLAYS: '.ui-dialog:visible, .ui-confirm-popup:visible, .ui-overlaypanel:visible, .ui-selectonemenu-panel:visible,'
        + ' .ui-selectcheckboxmenu-panel:visible, .ui-menu-dynamic:visible, .ui-autocomplete-panel:visible,'
        + ' .ui-datepicker:visible, .ui-connected-overlay-enter-done:visible',

    mayRefresh: function () {
        if (window.jQuery && jQuery(EcsConsole.OPEN_OVERLAYS).length > 0) {
            return false;
        }
        // A field being typed in. Read-only ones are the focus holders of PrimeFaces' menus, which stay focused
        // after a choice and would otherwise stop the refresh for good.
        var focused = document.activeElement;
        var typing = focused && (focused.isContentEditable || (/^(INPUT|TEXTAREA|SELECT)$/.test(focused.tagName)
            && !focused.readOnly && !/^(button|submit|reset|checkbox|radio|file)$/.test(focused.type || '')));
        if (typing) {
            return false;
        }
        // A log pane scrolled up to read older lines: a refresh would throw the reader back to the newest line.
        var reading = Array.prototype.some.call(document.querySelectorAll('.keep-scroll'), function (pane) {
            return Math.abs(pane.scrollTop) > 4;
        });
        return !reading;
    },

    /*
     * After a live refresh of a table, applies its column filters again, but only when one is set: filtering an
     * unfiltered table is a second request each round for nothing.
     */
    refilter: function (widgetVar) {
        var table = PF(widgetVar);
        var set = table && table.jq.find('thead :input').filter(function () {
            return !this.readOnly && this.type !== 'checkbox' && this.value;
        }).length > 0;
        if (set) {
            table.filter();
        }
    },

    /*
     * Times are sent in UTC inside <time datetime="..."> elements; here they are written in the viewer's own time
     * zone and language (the server does not know the zone of a browser). data-format="time" for a time of day,
     * "exact" with seconds, "relative" keeps the server's "3 min ago" and puts the local time in its tooltip.
     */
    localTimes: function () {
        document.querySelectorAll('time[datetime]:not([data-local])').forEach(function (t) {
            var at = new Date(t.getAttribute('datetime'));
            if (isNaN(at.getTime())) {
                return;
            }
            var format = t.getAttribute('data-format');
            var options = format === 'time'
                ? {hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23'}
                : {year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23'};
            if (format === 'exact') {
                options.second = '2-digit';
            }
            var local = at.toLocaleString(undefined, options);
            if (format === 'relative') {
                // "3 min ago" reads better in a list; the exact local time is one hover away.
                t.title = at.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium', hourCycle: 'h23'});
            } else {
                t.title = t.textContent;
                t.textContent = local;
            }
            t.setAttribute('data-local', 'yes');
        });
    },

    /* Copies the text of the element with that id, and says so on the button. */
    copy: function (id, button) {
        var text = document.getElementById(id).textContent.trim();
        var done = function () { button.setAttribute('data-copied', 'yes'); button.lastChild.textContent = ' Copied'; };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done);
        } else {
            var area = document.createElement('textarea');
            area.value = text;
            document.body.appendChild(area);
            area.select();
            document.execCommand('copy');
            area.remove();
            done();
        }
    },

    /* On a narrow screen the navigation folds away behind the Menu button (see console.css). */
    toggleNav: function (button) {
        var open = document.body.classList.toggle('nav-open');
        button.setAttribute('aria-expanded', open ? 'true' : 'false');
    }
};

/*
 * The server needs the viewer's zone where it decides by day (a date filter, the dashboard's days): the browser
 * tells it in the tz cookie (console.ViewerZone), kept fresh on every page.
 */
EcsConsole.rememberZone = function () {
    var zone = window.Intl && Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
        document.cookie = 'tz=' + encodeURIComponent(zone) + '; path=/; max-age=31536000; SameSite=Lax';
    }
};

EcsConsole.rememberZone();
EcsConsole.localTimes();
if (window.jQuery) {
    jQuery(document).on('pfAjaxComplete', EcsConsole.localTimes);
}

/*
 * A dialog an ajax update made taller (the copy dialog grows with its key pair fields) is fitted to the window and
 * centred again, so that its footer with the buttons stays in reach; PrimeFaces' fitViewport alone acts on opening.
 */
if (window.jQuery) {
    jQuery(document).on('pfAjaxComplete', function () {
        jQuery('.ui-dialog:visible').each(function () {
            var dialog = PrimeFaces.getWidgetById(this.id);
            if (dialog && dialog.cfg.fitViewport) {
                dialog.fitViewport();
            }
            if (dialog && dialog.initPosition) {
                dialog.initPosition();
            }
        });
    });
}

/*
 * Escape closes the dialog on top, on every page: PrimeFaces' closeOnEscape is an attribute of each dialog, off by
 * default, and a dialog added later would otherwise be the one that traps a keyboard user.
 */
document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !window.jQuery || !window.PrimeFaces) {
        return;
    }
    var open = jQuery('.ui-dialog:visible').toArray();
    if (open.length === 0) {
        return;
    }
    open.sort(function (a, b) {
        return (parseInt(jQuery(b).css('z-index'), 10) || 0) - (parseInt(jQuery(a).css('z-index'), 10) || 0);
    });
    var dialog = PrimeFaces.getWidgetById(open[0].id);
    if (dialog && typeof dialog.hide === 'function') {
        dialog.hide();
    }
});
