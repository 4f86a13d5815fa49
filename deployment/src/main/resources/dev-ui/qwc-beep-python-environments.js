import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/button';
import '@vaadin/progress-bar';
import '@vaadin/text-area';

/**
 * Beep Python environments, live: each one's stage, percent and message arrive over the
 * streamEnvironments JSON-RPC subscription (pushed by the bootstrap's progress listeners).
 * Per environment: interpreter, venv, packages, last error and a re-bootstrap button; below,
 * a box that runs a Python snippet in a chosen environment.
 */
export class QwcBeepPythonEnvironments extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 16px; padding: 10px 20px; }
        .envs { display: flex; flex-wrap: wrap; gap: 16px; }
        .env { border: 1px solid var(--lumo-contrast-20pct); border-radius: 8px; padding: 12px 16px; min-width: 420px; flex: 1; }
        .head { display: flex; align-items: center; gap: 12px; }
        .name { font-size: var(--lumo-font-size-l); font-weight: bold; }
        .stage { padding: 2px 8px; border-radius: 10px; font-size: var(--lumo-font-size-s); background: var(--lumo-contrast-10pct); }
        .stage.COMPLETE { background: var(--lumo-success-color-10pct); color: var(--lumo-success-text-color); }
        .stage.FAILED { background: var(--lumo-error-color-10pct); color: var(--lumo-error-text-color); }
        .message { color: var(--lumo-secondary-text-color); margin: 4px 0; }
        .error { color: var(--lumo-error-text-color); white-space: pre-wrap; }
        table { border-collapse: collapse; margin: 6px 0; }
        td { padding: 2px 10px 2px 0; vertical-align: top; }
        td.key { font-weight: bold; white-space: nowrap; }
        .packages { font-family: var(--lumo-font-family-monospace, monospace); font-size: var(--lumo-font-size-s); }
        .snippet { border: 1px solid var(--lumo-contrast-20pct); border-radius: 8px; padding: 12px 16px; display: flex; flex-direction: column; gap: 8px; }
        .snippet-controls { display: flex; gap: 8px; align-items: center; }
        pre { margin: 0; padding: 6px; background: var(--lumo-contrast-5pct); white-space: pre-wrap; }
    `;

    static properties = {
        _environments: { state: true },
        _selected: { state: true },
        _code: { state: true },
        _result: { state: true },
        _running: { state: true }
    };

    constructor() {
        super();
        this._environments = null;
        this._selected = null;
        this._code = 'import sys\nprint("Hello from Python", sys.version.split()[0])';
        this._result = null;
        this._running = false;
    }

    connectedCallback() {
        super.connectedCallback();
        this._observer = this.jsonRpc.streamEnvironments().onNext(response => this._environments = response.result);
    }

    disconnectedCallback() {
        if (this._observer) {
            this._observer.cancel();
        }
        super.disconnectedCallback();
    }

    render() {
        if (!this._environments) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        return html`
            <div class="envs">${this._environments.map(env => this._renderEnvironment(env))}</div>
            ${this._renderSnippet()}`;
    }

    _renderEnvironment(env) {
        const packages = Object.entries(env.packages || {});
        return html`
            <div class="env" id="env-${env.name}" data-stage="${env.stage}">
                <div class="head">
                    <span class="name">${env.name}</span>
                    <span class="stage ${env.stage}" id="stage-${env.name}">${env.stage}</span>
                    <span>${env.percent}%</span>
                    <vaadin-button theme="small" id="rebootstrap-${env.name}" @click=${() => this._rebootstrap(env.name)}>Re-bootstrap</vaadin-button>
                </div>
                <vaadin-progress-bar value="${env.percent / 100}"></vaadin-progress-bar>
                <div class="message">${env.message}</div>
                <table>
                    <tr><td class="key">Python</td><td>${env.pythonVersion || '-'}</td></tr>
                    <tr><td class="key">Interpreter</td><td>${env.interpreter || '-'}${env.interpreter ? html`
                        <vaadin-button theme="tertiary small" id="copy-interpreter-${env.name}" data-path="${env.interpreter}"
                            title="Copy the path, to paste as the IDE's Python interpreter"
                            @click=${e => this._copy(e.target, env.interpreter)}>Copy</vaadin-button>` : ''}</td></tr>
                    <tr><td class="key">Venv</td><td>${env.location || '-'}</td></tr>
                    <tr><td class="key">Runtime</td><td>${env.runtimeId || '-'}</td></tr>
                    <tr><td class="key">Requested</td><td>Python ${env.request.pythonVersion}, runtime ${env.request.runtime}${env.request.template ? ', template ' + env.request.template : ''}${env.request.profiles.length ? ', profiles ' + env.request.profiles.join(', ') : ''}${env.request.packages.length ? ', packages ' + env.request.packages.join(', ') : ''}${env.request.indexUrl ? ', index ' + env.request.indexUrl : ''}</td></tr>
                    <tr><td class="key">Packages (${packages.length})</td>
                        <td class="packages">${packages.map(([name, version]) => html`${name}==${version} `)}</td></tr>
                    <tr><td class="key">Last error</td><td class="error" id="error-${env.name}">${env.error || '-'}</td></tr>
                </table>
            </div>`;
    }

    /** The interpreter's path to the clipboard, for the IDE (issue 35); the label says whether it worked. */
    _copy(button, text) {
        const done = ok => { button.textContent = ok ? 'Copied' : 'Select the path and copy it'; };
        if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
        } else {
            done(false);
        }
    }

    _renderSnippet() {
        const names = this._environments.map(env => env.name);
        const selected = this._selected || names[0];
        return html`
            <div class="snippet">
                <div class="snippet-controls">
                    <b>Run a snippet in</b>
                    <select id="snippet-environment" @change=${e => this._selected = e.target.value}>
                        ${names.map(name => html`<option value="${name}" ?selected=${name === selected}>${name}</option>`)}
                    </select>
                    <vaadin-button id="run-snippet" theme="primary" ?disabled=${this._running} @click=${() => this._run(selected)}>Run</vaadin-button>
                </div>
                <vaadin-text-area id="snippet-code" label="python -c" .value=${this._code}
                    @value-changed=${e => this._code = e.detail.value} style="width: 100%; min-height: 100px;"></vaadin-text-area>
                ${this._renderResult()}
            </div>`;
    }

    _renderResult() {
        if (this._running) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        if (!this._result) {
            return html``;
        }
        const r = this._result;
        if (r.error) {
            return html`<div class="error" id="snippet-error">${r.error}</div>`;
        }
        return html`
            <div id="snippet-result">
                <div>Exit code <b id="snippet-exit-code">${r.exitCode}</b> after ${r.durationMillis} ms in ${r.environment}</div>
                <div>stdout</div><pre id="snippet-stdout">${r.stdout}</pre>
                <div>stderr</div><pre id="snippet-stderr">${r.stderr}</pre>
            </div>`;
    }

    _rebootstrap(name) {
        this.jsonRpc.rebootstrap({ environment: name });
    }

    _run(name) {
        this._running = true;
        this._result = null;
        this.jsonRpc.runSnippet({ environment: name, code: this._code }).then(response => {
            this._result = response.result;
            this._running = false;
        }).catch(error => {
            this._result = { error: (error && error.error && error.error.message) || String(error) };
            this._running = false;
        });
    }
}
customElements.define('qwc-beep-python-environments', QwcBeepPythonEnvironments);
