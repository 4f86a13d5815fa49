import { LitElement, html, css } from 'lit';
import { JsonRpc } from 'jsonrpc';
import '@vaadin/grid';
import '@vaadin/grid/vaadin-grid-sort-column.js';
import '@vaadin/progress-bar';

/** The runtime registry (runtimes.json): every interpreter Beep Python knows, with its status. */
export class QwcBeepPythonRuntimes extends LitElement {

    jsonRpc = new JsonRpc(this);

    static styles = css`
        :host { display: flex; flex-direction: column; gap: 8px; padding: 10px 20px; height: 100%; }
        .file { color: var(--lumo-secondary-text-color); }
        .status-ERROR { color: var(--lumo-error-text-color); }
        .status-UPDATING { color: var(--lumo-primary-text-color); }
        vaadin-grid { height: 100%; }
    `;

    static properties = {
        _document: { state: true }
    };

    connectedCallback() {
        super.connectedCallback();
        this.jsonRpc.getRuntimes().then(response => this._document = response.result);
    }

    render() {
        if (!this._document) {
            return html`<vaadin-progress-bar indeterminate></vaadin-progress-bar>`;
        }
        return html`
            <div class="file">${this._document.registryFile}${this._document.defaultRuntime ? ' - default: ' + this._document.defaultRuntime : ''}</div>
            <div class="status-${this._document.status}">Registry: ${this._document.status}${this._document.statusReason ? ' - ' + this._document.statusReason : ''}</div>
            <vaadin-grid id="runtimes" .items=${this._document.runtimes} theme="row-stripes" all-rows-visible>
                <vaadin-grid-sort-column path="id" header="Id" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="version" header="Version" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="type" header="Type" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="source" header="Source" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="status" header="Status" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="executable" header="Executable" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="pipVersion" header="pip" auto-width></vaadin-grid-sort-column>
                <vaadin-grid-sort-column path="error" header="Error" auto-width></vaadin-grid-sort-column>
            </vaadin-grid>`;
    }
}
customElements.define('qwc-beep-python-runtimes', QwcBeepPythonRuntimes);
